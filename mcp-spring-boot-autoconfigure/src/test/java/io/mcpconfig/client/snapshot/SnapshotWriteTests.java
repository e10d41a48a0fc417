package io.mcpconfig.client.snapshot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.protocol.v1.ConfigUpdate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The client keeps the last configuration it accepted from the config center in its
 * snapshot file.
 */
@ExtendWith(OutputCaptureExtension.class)
class SnapshotWriteTests {

	private static final ConfigTarget TARGET = new ConfigTarget(TestApp.APP, TestApp.ENV);

	private static final Map<String, String> V1 = Map.of("sample.greeting", "hello", "sample.max-connections", "5");

	private final TestConfigServer server = TestConfigServer.start();

	@TempDir
	Path snapshots;

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void fetchedConfigurationIsSavedAtStartUp() throws IOException {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run()) {
			HeldConfig saved = snapshot().config();
			assertThat(saved.version()).isEqualTo(1);
			assertThat(saved.properties()).isEqualTo(V1);
			assertThat(saved.checksum()).isEqualTo(ConfigChecksum.of(V1));
		}
	}

	/**
	 * A start that fails on the release it fetched (no bean can bind it) leaves the snapshot
	 * as it was: a later start without the center starts from the release the application
	 * took, not from the one it fails on.
	 */
	@Test
	void aReleaseTheApplicationCannotStartWithNeverReachesTheSnapshot() throws IOException {
		this.server.setRelease(V1);
		run().close();
		this.server.setRelease(Map.of("sample.greeting", "hello", "sample.max-connections", "lots"));

		assertThatExceptionOfType(RuntimeException.class).isThrownBy(this::run)
			.withStackTraceContaining("sample.max-connections");
		assertThat(snapshotVersion()).isEqualTo(1);
	}

	@Test
	void bothTheStartUpAndAnAppliedReleaseRecordTheProfilesAndLabelsServedFor() throws IOException {
		ProfilesAndLabels instance = new ProfilesAndLabels(List.of("eu", "postgres"),
				Map.of("region", "eu-west", "zone", "b"));
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run("--spring.profiles.active=eu,postgres",
				"--mcp.client.labels.region=eu-west", "--mcp.client.labels.zone=b")) {
			Snapshot atStartUp = snapshot();
			assertThat(atStartUp.config().version()).isEqualTo(1);
			assertThat(atStartUp.servedFor()).isEqualTo(instance);
			this.server.awaitSubscribed(1);

			this.server.awaitAck(this.server.publish(Map.of("sample.greeting", "hi")));

			Snapshot applied = snapshot();
			assertThat(applied.config().version()).isEqualTo(2);
			assertThat(applied.servedFor()).isEqualTo(instance);
		}
	}

	@Test
	void withoutProfilesTheDefaultOnesAreRecordedAsTheCenterWasSentThem() throws IOException {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run()) {
			assertThat(snapshot().servedFor()).isEqualTo(TestApp.UNPROFILED);
		}
	}

	@Test
	void appliedReleaseReplacesTheSnapshotByRenaming() throws IOException {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run()) {
			this.server.awaitSubscribed(1);
			Path file = snapshotFile().path();
			Path before = this.snapshots.resolve("before.json");
			Files.createLink(before, file);
			Map<String, String> v2 = Map.of("sample.greeting", "hi", "sample.max-connections", "5");
			Instant published = Instant.now();

			this.server.awaitAck(this.server.publish(v2));

			Snapshot snapshot = snapshot();
			assertThat(snapshot.config().version()).isEqualTo(2);
			assertThat(snapshot.config().properties()).isEqualTo(v2);
			assertThat(snapshot.savedAt()).isBetween(published, Instant.now());
			assertThat(Files.readString(before)).contains("\"version\": 1,");
			try (var files = Files.list(file.getParent())) {
				assertThat(files).containsExactly(file);
			}
		}
	}

	@Test
	void eachReleaseIsTheSnapshotByTheTimeItsAckArrives() throws IOException {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run()) {
			this.server.awaitSubscribed(1);
			List<String> seenAtAck = new CopyOnWriteArrayList<>();
			this.server.onAck((ack) -> seenAtAck.add(ack.getVersion() + " -> " + snapshotVersion()));

			for (int i = 2; i <= 6; i++) {
				this.server.awaitAck(this.server.publish(Map.of("sample.greeting", "hi " + i)));
			}

			// an acknowledged release is the one the instance starts from while the center is down
			assertThat(seenAtAck).containsExactly("2 -> 2", "3 -> 3", "4 -> 4", "5 -> 5", "6 -> 6");
		}
	}

	@Test
	void releaseWhoseRefreshFailsNeverReachesTheSnapshotNorLeavesATemporaryFileBesideIt() throws IOException {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run()) {
			this.server.awaitSubscribed(1);
			ConfigUpdate exploding = this.server.publish(Map.of("sample.greeting", "hi", "other.name", TestApp.EXPLODING));

			this.server.awaitNack(exploding);

			assertThat(snapshot().config().version()).isEqualTo(1);
			Path file = snapshotFile().path();
			try (var files = Files.list(file.getParent())) {
				// the snapshot, and the record of the refusal
				assertThat(files).containsExactlyInAnyOrder(file, file.resolveSibling("test.refused.json"));
			}
		}
	}

	@Test
	void refusedReleaseNeverReachesTheSnapshot() throws IOException {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run()) {
			this.server.awaitSubscribed(1);
			ConfigUpdate bad = this.server
				.publish(Map.of("sample.greeting", "hi", "sample.max-connections", "not-a-number"));

			this.server.awaitNack(bad);
			assertThat(snapshot().config().version()).isEqualTo(1);
			assertThat(snapshot().config().properties()).isEqualTo(V1);
			RefusalFile refusal = new RefusalFile(this.snapshots, TARGET);
			assertThat(refusal.read()).hasValueSatisfying((refused) -> {
				assertThat(refused.is(bad.getVersion(), bad.getChecksum())).isTrue();
				assertThat(refused.reason()).contains("sample.max-connections", "not-a-number");
			});

			ConfigUpdate good = this.server.publish(Map.of("sample.greeting", "hi"));
			this.server.awaitAck(good);
			// a release taken since: the refusal is old news
			assertThat(refusal.read()).isEmpty();
		}
	}

	@Test
	void snapshotThatCannotBeWrittenStopsNeitherTheStartNorAnUpdate(CapturedOutput output) throws IOException {
		Path occupied = Files.writeString(this.snapshots.resolve("occupied"), "not a directory");
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address(),
				"--mcp.client.snapshot-dir=" + occupied)) {
			this.server.awaitSubscribed(1);
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("hello");

			this.server.awaitAck(this.server.publish(Map.of("sample.greeting", "hi")));
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("hi");
		}
		assertThat(output).contains("Could not write the MCP Config snapshot " + occupied.resolve(TestApp.APP)
				.resolve(TestApp.ENV + ".snapshot.json"));
		assertThat(output.toString().split("Could not write the MCP Config snapshot", -1)).hasSize(3);
	}

	private ConfigurableApplicationContext run(String... args) {
		String[] all = new String[args.length + 1];
		all[0] = "--mcp.client.snapshot-dir=" + this.snapshots;
		System.arraycopy(args, 0, all, 1, args.length);
		return TestApp.run(this.server.address(), all);
	}

	private long snapshotVersion() {
		try {
			return snapshot().config().version();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private SnapshotFile snapshotFile() {
		return new SnapshotFile(this.snapshots, TARGET);
	}

	private Snapshot snapshot() throws IOException {
		return snapshotFile().read(Instant.now()).orElseThrow();
	}

}
