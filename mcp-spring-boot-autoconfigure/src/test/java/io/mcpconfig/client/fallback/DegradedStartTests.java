package io.mcpconfig.client.fallback;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestApp.ChangeEvents;
import io.mcpconfig.client.TestApp.LimitsProperties;
import io.mcpconfig.client.TestApp.SampleProperties;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.actuate.SyncStatusTracker;
import io.mcpconfig.client.config.ConfigFetchException;
import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.event.ChangeType;
import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.event.PropertyChange;
import io.mcpconfig.client.local.LocalFileException;
import io.mcpconfig.client.snapshot.ProfilesAndLabels;
import io.mcpconfig.client.snapshot.RefusalFile;
import io.mcpconfig.client.snapshot.SnapshotFile;
import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.protocol.v1.Subscribe;

import static io.mcpconfig.client.TestConfigServer.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Start-up when the config center cannot be reached: the snapshot, else the fallback
 * YAML, else empty or fail-fast; and how a degraded instance converges when the center
 * comes back.
 */
@ExtendWith(OutputCaptureExtension.class)
class DegradedStartTests {

	private static final ConfigTarget TARGET = new ConfigTarget(TestApp.APP, TestApp.ENV);

	private static final Map<String, String> SAVED = Map.of("sample.greeting", "from-snapshot",
			"sample.max-connections", "8");

	@TempDir
	Path directory;

	private final int downPort = TestConfigServer.unusedPort();

	private TestConfigServer server;

	@AfterEach
	void stopServer() {
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void unreachableCenterStartsFromTheSnapshot(CapturedOutput output) throws IOException {
		SnapshotFile snapshot = saveSnapshot(3, SAVED);
		writeFallback("sample.greeting: from-fallback");
		try (ConfigurableApplicationContext context = runDown("--mcp.client.fail-fast=true")) {
			HeldConfig held = context.getBean(McpConfigClient.class).held();
			assertThat(held.source()).isEqualTo(ConfigSource.SNAPSHOT);
			assertThat(held.version()).isEqualTo(3);
			assertThat(held.properties()).isEqualTo(SAVED);
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-snapshot");
			assertThat(context.getBean(SampleProperties.class).getMaxConnections()).isEqualTo(8);
		}
		assertThat(output).contains("Could not fetch the configuration of test-app/test from MCP Config at [127.0.0.1:"
				+ this.downPort + "]", "Starting from the local snapshot " + snapshot.path() + " of version 3");
	}

	@Test
	void corruptSnapshotIsSkippedWithAWarningForTheFallback(CapturedOutput output) throws IOException {
		SnapshotFile snapshot = saveSnapshot(3, SAVED);
		Files.write(snapshot.path(), new byte[] { '{', 0x00, (byte) 0xfe, '"' });
		Path fallback = writeFallback("sample.greeting: from-fallback");
		try (ConfigurableApplicationContext context = runDown()) {
			HeldConfig held = context.getBean(McpConfigClient.class).held();
			assertThat(held.source()).isEqualTo(ConfigSource.FALLBACK);
			assertThat(held.version()).isZero();
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-fallback");
		}
		assertThat(output).contains("Skipping the MCP Config snapshot " + snapshot.path() + ": it is not valid JSON",
				"Starting from the fallback file:" + fallback + " (1 properties)");
	}

	@Test
	void truncatedSnapshotIsSkippedWithAWarning(CapturedOutput output) throws IOException {
		SnapshotFile snapshot = saveSnapshot(3, SAVED);
		byte[] content = Files.readAllBytes(snapshot.path());
		Files.write(snapshot.path(), Arrays.copyOf(content, content.length - 20));
		try (ConfigurableApplicationContext context = runDown()) {
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.EMPTY);
		}
		assertThat(output).contains("Skipping the MCP Config snapshot " + snapshot.path()
				+ ": it is not valid JSON (truncated or damaged)");
	}

	@Test
	void editedSnapshotIsSkippedWithAWarning(CapturedOutput output) throws IOException {
		SnapshotFile snapshot = saveSnapshot(3, SAVED);
		Files.writeString(snapshot.path(), Files.readString(snapshot.path()).replace("from-snapshot", "tampered"));
		try (ConfigurableApplicationContext context = runDown()) {
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.EMPTY);
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isNull();
		}
		assertThat(output).contains("Skipping the MCP Config snapshot " + snapshot.path() + ": its properties hash to");
	}

	@Test
	void snapshotOfAnotherTargetIsIgnored(CapturedOutput output) throws IOException {
		ConfigTarget other = new ConfigTarget(TestApp.APP, "other");
		SnapshotFile otherFile = new SnapshotFile(this.directory.resolve("snapshots"), other);
		otherFile.write(new HeldConfig(other, 5, ConfigChecksum.of(SAVED), SAVED, ConfigSource.REMOTE, Instant.EPOCH,
				Instant.EPOCH), TestApp.UNPROFILED, Instant.now());
		Path ours = snapshotFile().path();
		Files.copy(otherFile.path(), ours);
		writeFallback("sample.greeting: from-fallback");
		try (ConfigurableApplicationContext context = runDown()) {
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.FALLBACK);
		}
		assertThat(output).contains("Skipping the MCP Config snapshot " + ours
				+ ": it holds the configuration of test-app/other, not test-app/test");
	}

	@Test
	void snapshotServedForAnotherProfileIsNotUsedAndTheWarningSaysWhy(CapturedOutput output) throws IOException {
		SnapshotFile snapshot = saveSnapshot(3, SAVED, new ProfilesAndLabels(List.of("eu"), Map.of()));
		Path fallback = writeFallback("sample.greeting: from-fallback");
		try (ConfigurableApplicationContext context = runDown("--spring.profiles.active=us",
				"--mcp.client.fail-fast=true")) {
			HeldConfig held = context.getBean(McpConfigClient.class).held();
			assertThat(held.source()).isEqualTo(ConfigSource.FALLBACK);
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-fallback");
		}
		assertThat(output).contains("Skipping the MCP Config snapshot " + snapshot.path()
				+ ": it was served for profiles [eu] and labels {}, this instance has profiles [us] and labels {}",
				"Give each differently configured instance its own mcp.client.snapshot-dir",
				"Starting from the fallback file:" + fallback);
		assertThat(output).doesNotContain("Starting from the local snapshot");
	}

	@Test
	void snapshotServedForOtherLabelsIsNotUsed(CapturedOutput output) throws IOException {
		SnapshotFile snapshot = saveSnapshot(3, SAVED,
				new ProfilesAndLabels(List.of("us"), Map.of("region", "us-east")));
		try (ConfigurableApplicationContext context = runDown("--spring.profiles.active=us",
				"--mcp.client.labels.region=us-west")) {
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.EMPTY);
		}
		assertThat(output).contains("Skipping the MCP Config snapshot " + snapshot.path()
				+ ": it was served for profiles [us] and labels {region=us-east}, this instance has profiles [us] "
				+ "and labels {region=us-west}");
	}

	@Test
	void snapshotServedForAnotherProfileIsNothingLocalToFailFast() throws IOException {
		saveSnapshot(3, SAVED, new ProfilesAndLabels(List.of("eu"), Map.of()));
		assertThatExceptionOfType(ConfigFetchException.class)
			.isThrownBy(() -> runDown("--spring.profiles.active=us", "--mcp.client.fail-fast=true"))
			.withMessageEndingWith("; nothing local could serve instead: no usable snapshot at "
					+ snapshotFile().path() + " and no fallback at file:" + this.directory.resolve("fallback.yaml"));
	}

	@Test
	void snapshotServedForTheSameProfilesAndLabelsIsUsed() throws IOException {
		saveSnapshot(3, SAVED, new ProfilesAndLabels(List.of("us", "postgres"), Map.of("region", "us-west")));
		writeFallback("sample.greeting: from-fallback");
		try (ConfigurableApplicationContext context = runDown("--spring.profiles.active=us,postgres",
				"--mcp.client.labels.region=us-west")) {
			HeldConfig held = context.getBean(McpConfigClient.class).held();
			assertThat(held.source()).isEqualTo(ConfigSource.SNAPSHOT);
			assertThat(held.version()).isEqualTo(3);
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-snapshot");
		}
	}

	@Test
	void snapshotAnEarlierClientWroteWithoutProfilesAndLabelsIsUsed(CapturedOutput output) throws IOException {
		SnapshotFile snapshot = snapshotFile();
		Files.createDirectories(snapshot.path().getParent());
		Files.writeString(snapshot.path(), """
				{
				  "format": 2,
				  "app": "%s",
				  "env": "%s",
				  "version": 3,
				  "checksum": "%s",
				  "publishedAt": "2025-03-01T10:15:30.123Z",
				  "savedAt": "2025-03-01T10:15:31Z",
				  "properties": [["sample.greeting", "from-snapshot"], ["sample.max-connections", "8"]]
				}
				""".formatted(TestApp.APP, TestApp.ENV, ConfigChecksum.of(SAVED)));
		writeFallback("sample.greeting: from-fallback");
		try (ConfigurableApplicationContext context = runDown("--spring.profiles.active=us",
				"--mcp.client.labels.region=us-west")) {
			HeldConfig held = context.getBean(McpConfigClient.class).held();
			assertThat(held.source()).isEqualTo(ConfigSource.SNAPSHOT);
			assertThat(held.properties()).isEqualTo(SAVED);
		}
		assertThat(output).contains("Starting from the local snapshot " + snapshot.path() + " of version 3");
	}

	@Test
	void withoutASnapshotTheFallbackServesAsNoRelease() throws IOException {
		writeFallback("""
				sample:
				  greeting: from-fallback
				  max-connections: 4
				servers:
				  - a
				  - b
				""");
		try (ConfigurableApplicationContext context = runDown()) {
			HeldConfig held = context.getBean(McpConfigClient.class).held();
			assertThat(held.source()).isEqualTo(ConfigSource.FALLBACK);
			assertThat(held.version()).isZero();
			assertThat(held.properties()).containsExactlyInAnyOrderEntriesOf(Map.of("sample.greeting", "from-fallback",
					"sample.max-connections", "4", "servers[0]", "a", "servers[1]", "b"));
			assertThat(context.getBean(SampleProperties.class).getMaxConnections()).isEqualTo(4);
		}
	}

	@Test
	void fallbackIsASpringResourceLocation() {
		try (ConfigurableApplicationContext context = runDown(
				"--mcp.client.fallback-location=classpath:fallback/config-local.yaml")) {
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.FALLBACK);
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-classpath-fallback");
		}
	}

	@Test
	void invalidFallbackStopsTheStartUpNamingTheFileAndLine(CapturedOutput output) throws IOException {
		Path fallback = writeFallback("""
				sample:
				  greeting: fine
				   max-connections: 4
				""");
		assertThatExceptionOfType(LocalFileException.class).isThrownBy(this::runDown)
			.withMessage("The fallback file:" + fallback
					+ " (mcp.client.fallback-location) is not valid YAML: line 3, column 19: "
					+ "mapping values are not allowed here");
		assertThat(output).contains("APPLICATION FAILED TO START", "mcp.client.fallback-location");
	}

	@Test
	void anAliasBombInTheFallbackIsRefusedBeforeItExhaustsTheHeap() throws IOException {
		// nine levels of nine aliases: 9^9 strings once expanded (billion laughs)
		StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
		for (char level = 'b'; level <= 'i'; level++) {
			char previous = (char) (level - 1);
			bomb.append(level).append(": &").append(level).append(" [");
			bomb.append(String.join(",", java.util.Collections.nCopies(9, "*" + previous))).append("]\n");
		}
		Path fallback = writeFallback(bomb.toString());
		assertThatExceptionOfType(LocalFileException.class).isThrownBy(this::runDown)
			.withMessageStartingWith("The fallback file:" + fallback + " (mcp.client.fallback-location) is not valid YAML")
			.withMessageContaining("Number of aliases for non-scalar nodes exceeds the specified max=50");
	}

	@Test
	void withNothingLocalItStartsEmptyWithAWarningNamingWhatItLookedFor(CapturedOutput output) {
		try (ConfigurableApplicationContext context = runDown()) {
			HeldConfig held = context.getBean(McpConfigClient.class).held();
			assertThat(held.source()).isEqualTo(ConfigSource.EMPTY);
		}
		assertThat(output).contains("Starting with an empty configuration until the config center answers "
				+ "(no usable snapshot at " + snapshotFile().path() + " and no fallback at file:"
				+ this.directory.resolve("fallback.yaml") + ")");
	}

	@Test
	void withNothingLocalFailFastNamesTheAddressesAndTheFiles(CapturedOutput output) {
		String alsoDown = "127.0.0.1:" + TestConfigServer.unusedPort();
		assertThatExceptionOfType(ConfigFetchException.class)
			.isThrownBy(() -> TestApp.run("127.0.0.1:" + this.downPort + "," + alsoDown, local("--mcp.client.fail-fast=true")))
			.withMessageStartingWith("Could not fetch the configuration of test-app/test from MCP Config at [127.0.0.1:"
					+ this.downPort + ", " + alsoDown + "]")
			.withMessageEndingWith("; nothing local could serve instead: no usable snapshot at "
					+ snapshotFile().path() + " and no fallback at file:" + this.directory.resolve("fallback.yaml"));
		assertThat(output).contains("APPLICATION FAILED TO START", "provide a fallback YAML at mcp.client.fallback-location");
	}

	@Test
	void reachableCenterIsNeverOverriddenByTheFallback() throws IOException {
		writeFallback("sample.greeting: from-fallback\nonly.in.fallback: x");
		this.server = TestConfigServer.start();
		this.server.setRelease(Map.of("sample.greeting", "from-center"));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address(), local())) {
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.REMOTE);
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-center");
			assertThat(context.getEnvironment().containsProperty("only.in.fallback")).isFalse();
		}
	}

	/**
	 * The center serves a release this instance refused running, one it cannot bind: it
	 * starts from its snapshot instead of failing, and refuses the release again once it
	 * runs.
	 */
	@Test
	void aReleaseThisInstanceRefusedIsNotStartedOnWhileItsSnapshotCanServe(CapturedOutput output) throws IOException {
		SnapshotFile snapshot = saveSnapshot(1, SAVED);
		this.server = TestConfigServer.start();
		this.server.setRelease(SAVED);
		Map<String, String> unbindable = Map.of("sample.greeting", "refused", "sample.max-connections", "not-a-number");
		long refused = this.server.setRelease(unbindable);
		RefusalFile refusal = refusalFile();
		refusal.write(new RefusalFile.Refusal(refused, ConfigChecksum.of(unbindable), "cannot bind", Instant.EPOCH));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address(), local())) {
			HeldConfig held = context.getBean(McpConfigClient.class).held();
			assertThat(held.source()).isEqualTo(ConfigSource.SNAPSHOT);
			assertThat(held.version()).isEqualTo(1);
			assertThat(context.getBean(SampleProperties.class).getMaxConnections()).isEqualTo(8);
			eventually().untilAsserted(() -> assertThat(this.server.nacks()).anySatisfy((nack) -> {
				assertThat(nack.getVersion()).isEqualTo(refused);
				assertThat(nack.getReason()).contains("sample.max-connections", "not-a-number");
			}));
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-snapshot");
		}
		assertThat(output).contains("Version " + refused + " of test-app/test, which the config center serves, was"
				+ " refused by this instance at 1970-01-01T00:00:00Z (cannot bind). Starting from the local snapshot "
				+ snapshot.path() + " of version 1");
		assertThat(refusal.read().orElseThrow().is(refused, ConfigChecksum.of(unbindable))).isTrue();
	}

	@Test
	void withoutASnapshotOrForAnotherReleaseARefusalLeavesTheStartOnTheCentersRelease(CapturedOutput output)
			throws IOException {
		this.server = TestConfigServer.start();
		Map<String, String> served = Map.of("sample.greeting", "from-center");
		long version = this.server.setRelease(served);
		refusalFile().write(new RefusalFile.Refusal(version, ConfigChecksum.of(served), "vetoed", Instant.EPOCH));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address(), local())) {
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.REMOTE);
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-center");
		}
		assertThat(output).contains("refused by this instance at 1970-01-01T00:00:00Z (vetoed). There is no usable"
				+ " snapshot to start from instead: starting on it.");

		saveSnapshot(1, SAVED);
		refusalFile().write(new RefusalFile.Refusal(version, "another checksum", "cannot bind", Instant.EPOCH));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address(), local())) {
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.REMOTE);
		}
		assertThat(output).doesNotContain("(cannot bind)");
	}

	@Test
	void reachableCenterWithoutAReleaseIsNotOverriddenByTheFallback() throws IOException {
		writeFallback("sample.greeting: from-fallback");
		this.server = TestConfigServer.start();
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address(), local())) {
			HeldConfig held = context.getBean(McpConfigClient.class).held();
			assertThat(held.source()).isEqualTo(ConfigSource.REMOTE);
			assertThat(held.version()).isZero();
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isNull();
		}
	}

	@Test
	void snapshotInstanceSubscribesWithItsReleaseAndIsConfirmedWithoutAnEvent() throws IOException {
		saveSnapshot(1, SAVED);
		try (ConfigurableApplicationContext context = runDown()) {
			McpConfigClient client = context.getBean(McpConfigClient.class);
			this.server = TestConfigServer.startOn(this.downPort);
			this.server.setRelease(SAVED);

			this.server.awaitSubscribed(1);
			Subscribe subscribe = this.server.subscribes().get(0);
			assertThat(subscribe.getHeldVersion()).isEqualTo(1);
			assertThat(subscribe.getHeldChecksum()).isEqualTo(ConfigChecksum.of(SAVED));
			eventually().until(() -> client.held().source() == ConfigSource.REMOTE);
			assertThat(client.held().version()).isEqualTo(1);
			assertThat(context.getBean(ChangeEvents.class).all()).isEmpty();
		}
	}

	@Test
	void snapshotInstanceConvergesWhenTheCenterComesBackWithANewerRelease() throws IOException {
		saveSnapshot(1, SAVED);
		try (ConfigurableApplicationContext context = runDown()) {
			this.server = TestConfigServer.startOn(this.downPort);
			this.server.setRelease(SAVED);
			Map<String, String> newer = Map.of("sample.greeting", "from-center", "sample.max-connections", "8");
			this.server.setRelease(newer);

			// Acknowledged once applied, announced, refreshed and saved.
			eventually().until(() -> !this.server.acks().isEmpty());
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-center");
			ConfigChangeEvent event = context.getBean(ChangeEvents.class).last();
			assertThat(event.getOldVersion()).isEqualTo(1);
			assertThat(event.getNewVersion()).isEqualTo(2);
			assertThat(event.getConfigSource()).isEqualTo(ConfigSource.REMOTE);
			assertThat(event.getChanges()).containsOnlyKeys("sample.greeting");
			assertThat(context.getBean(SampleProperties.class).getGreeting()).isEqualTo("from-center");
			assertThat(snapshotFile().read(Instant.now()).orElseThrow().config().version()).isEqualTo(2);
		}
	}

	@Test
	void fallbackInstanceSubscribesAsHoldingNothingAndConvergesWhenTheCenterComesBack() throws IOException {
		writeFallback("sample.greeting: from-fallback\nonly.in.fallback: x");
		try (ConfigurableApplicationContext context = runDown()) {
			this.server = TestConfigServer.startOn(this.downPort);
			this.server.setRelease(Map.of("sample.greeting", "from-center"));

			// Acknowledged once applied, announced, refreshed and saved.
			eventually().until(() -> !this.server.acks().isEmpty());
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-center");
			Subscribe subscribe = this.server.subscribes().get(0);
			assertThat(subscribe.getHeldVersion()).isZero();
			assertThat(subscribe.getHeldChecksum()).isEqualTo(ConfigChecksum.EMPTY);
			ConfigChangeEvent event = context.getBean(ChangeEvents.class).last();
			assertThat(event.getOldVersion()).isZero();
			assertThat(event.getNewVersion()).isEqualTo(1);
			assertThat(event.getConfigSource()).isEqualTo(ConfigSource.REMOTE);
			assertThat(event.getChanges()).containsOnly(
					Map.entry("only.in.fallback", new PropertyChange("only.in.fallback", "x", null, ChangeType.DELETED)),
					Map.entry("sample.greeting",
							new PropertyChange("sample.greeting", "from-fallback", "from-center", ChangeType.MODIFIED)));
			assertThat(context.getEnvironment().containsProperty("only.in.fallback")).isFalse();
		}
	}

	@Test
	void fallbackGivesWayWhenTheCenterAnswersWithoutARelease() throws IOException {
		writeFallback("sample.greeting: from-fallback");
		try (ConfigurableApplicationContext context = runDown()) {
			McpConfigClient client = context.getBean(McpConfigClient.class);
			assertThat(client.held().source()).isEqualTo(ConfigSource.FALLBACK);
			this.server = TestConfigServer.startOn(this.downPort);
			this.server.answerHeartbeatsWith(0, ConfigChecksum.EMPTY);

			// As if the center had answered at start-up: its empty configuration, announced,
			// refreshed and saved (the snapshot is written last).
			eventually().until(() -> snapshotFile().read(Instant.now()).isPresent());
			assertThat(client.held().source()).isEqualTo(ConfigSource.REMOTE);
			assertThat(client.held().version()).isZero();
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isNull();
			ConfigChangeEvent event = context.getBean(ChangeEvents.class).last();
			assertThat(event.getConfigSource()).isEqualTo(ConfigSource.REMOTE);
			assertThat(event.getChanges()).containsOnly(Map.entry("sample.greeting",
					new PropertyChange("sample.greeting", "from-fallback", null, ChangeType.DELETED)));
			assertThat(snapshotFile().read(Instant.now()).orElseThrow().config().properties()).isEmpty();
			assertThat(context.getBean(SampleProperties.class).getGreeting()).isNull();
			assertThat(this.server.subscribes()).hasSize(1);
		}
	}

	/** That answer becomes the snapshot, as at start-up, and the configuration the center's; nothing is announced. */
	@Test
	void anEmptyStartBecomesTheCentersWhenItAnswersWithoutARelease() throws IOException {
		try (ConfigurableApplicationContext context = runDown()) {
			McpConfigClient client = context.getBean(McpConfigClient.class);
			assertThat(client.held().source()).isEqualTo(ConfigSource.EMPTY);
			this.server = TestConfigServer.startOn(this.downPort);
			this.server.answerHeartbeatsWith(0, ConfigChecksum.EMPTY);

			eventually().until(() -> snapshotFile().read(Instant.now()).isPresent());
			assertThat(client.held().source()).isEqualTo(ConfigSource.REMOTE);
			assertThat(snapshotFile().read(Instant.now()).orElseThrow().config().properties()).isEmpty();
			assertThat(context.getBean(ChangeEvents.class).all()).isEmpty();
			assertThat(context.getBean(SyncStatusTracker.class).status().isDegraded(client.held())).isFalse();
		}
	}

	@Test
	void fallbackTheApplicationCannotGiveUpIsKeptAndAskedOnce(CapturedOutput output) throws IOException {
		// Without the fallback, limits.size falls back to 0, which @Min(1) refuses.
		writeFallback("limits.size: 5");
		SpringApplicationBuilder builder = TestApp.builder().properties("limits.size=0");
		try (ConfigurableApplicationContext context = TestApp.run(builder, "127.0.0.1:" + this.downPort, local())) {
			this.server = TestConfigServer.startOn(this.downPort);
			this.server.answerHeartbeatsWith(0, ConfigChecksum.EMPTY);
			this.server.awaitSubscribed(1);
			int heartbeats = this.server.heartbeats().size();

			eventually().until(() -> this.server.heartbeats().size() >= heartbeats + 4);
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.FALLBACK);
			assertThat(context.getBean(LimitsProperties.class).getSize()).isEqualTo(5);
			assertThat(context.getBean(ChangeEvents.class).all()).isEmpty();
			assertThat(output.getOut().split("refused to give up the fallback", -1)).hasSize(2);
			assertThat(output).contains("limits.size");
		}
	}

	private ConfigurableApplicationContext runDown(String... args) {
		return TestApp.run("127.0.0.1:" + this.downPort, local(args));
	}

	/** Snapshot and fallback in the test's directory, unless the arguments say otherwise. */
	private String[] local(String... args) {
		String[] all = new String[args.length + 2];
		all[0] = "--mcp.client.snapshot-dir=" + this.directory.resolve("snapshots");
		all[1] = "--mcp.client.fallback-location=file:" + this.directory.resolve("fallback.yaml");
		System.arraycopy(args, 0, all, 2, args.length);
		return all;
	}

	private SnapshotFile snapshotFile() {
		return new SnapshotFile(this.directory.resolve("snapshots"), TARGET);
	}

	private RefusalFile refusalFile() {
		return new RefusalFile(this.directory.resolve("snapshots"), TARGET);
	}

	private SnapshotFile saveSnapshot(long version, Map<String, String> properties) throws IOException {
		return saveSnapshot(version, properties, TestApp.UNPROFILED);
	}

	private SnapshotFile saveSnapshot(long version, Map<String, String> properties, ProfilesAndLabels servedFor)
			throws IOException {
		SnapshotFile file = snapshotFile();
		file.write(new HeldConfig(TARGET, version, ConfigChecksum.of(properties), properties, ConfigSource.REMOTE,
				Instant.EPOCH, Instant.EPOCH), servedFor, Instant.now());
		return file;
	}

	private Path writeFallback(String yaml) throws IOException {
		return Files.writeString(this.directory.resolve("fallback.yaml"), yaml);
	}

}
