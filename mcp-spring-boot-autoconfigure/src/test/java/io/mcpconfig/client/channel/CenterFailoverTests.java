package io.mcpconfig.client.channel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import io.grpc.Status;
import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestApp.Greeter;
import io.mcpconfig.client.TestApp.GreetingVeto;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.actuate.McpHealth;
import io.mcpconfig.client.actuate.SyncStatus;
import io.mcpconfig.client.actuate.SyncStatusTracker;
import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.snapshot.SnapshotFile;
import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.protocol.UnconfirmedAnswers;

import static io.mcpconfig.client.TestConfigServer.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that lists several centers fails over between them, whether a center cannot
 * be reached (the channel's {@code pick_first} moves on) or is reached but cannot serve:
 * a replica cut off from its store answers every Fetch and new Sync stream
 * {@code UNAVAILABLE} over a connection that stays up (or, when its store hangs, answers a
 * Fetch only after the client's deadline), and the client asks the next address. A single address behaves as before: there is no other to ask.
 */
@ExtendWith(OutputCaptureExtension.class)
class CenterFailoverTests {

	private static final ConfigTarget TARGET = new ConfigTarget(TestApp.APP, TestApp.ENV);

	private static final Map<String, String> SAVED = Map.of("sample.greeting", "from-snapshot");

	@TempDir
	Path directory;

	private TestConfigServer first;

	private TestConfigServer second;

	@BeforeEach
	void startCenters() throws IOException {
		this.first = TestConfigServer.start();
		this.second = TestConfigServer.start();
		// what the instance would start from if no center served it
		new SnapshotFile(snapshotDir(), TARGET).write(new HeldConfig(TARGET, 1, ConfigChecksum.of(SAVED), SAVED,
				ConfigSource.REMOTE, Instant.EPOCH, Instant.EPOCH), TestApp.UNPROFILED, Instant.now());
	}

	@AfterEach
	void stopCenters() {
		this.first.close();
		this.second.close();
	}

	@Test
	void startsFromTheNextCenterWhenTheFirstCannotReadItsStoreAndStaysWithIt(CapturedOutput output) {
		this.first.setRelease(Map.of("sample.greeting", "from-first"));
		this.first.storeDown();
		this.second.setRelease(Map.of("sample.greeting", "from-second"));

		try (ConfigurableApplicationContext context = run(this.first.address() + "," + this.second.address())) {
			HeldConfig held = context.getBean(McpConfigClient.class).held();
			assertThat(held.source()).isEqualTo(ConfigSource.REMOTE);
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-second");
			assertThat(this.first.unavailableFetches()).isEqualTo(1);
			assertThat(this.second.fetchCount()).isEqualTo(1);
			assertThat(output).contains("MCP Config center " + this.first.address() + " cannot serve " + TARGET
					+ " (UNAVAILABLE: the release store is unavailable", "trying " + this.second.address() + " next");

			// the session subscribes where the start-up fetch was served, and takes its publishes
			this.second.awaitSubscribed(1);
			this.second.publish(Map.of("sample.greeting", "published-on-second"));
			eventually().until(() -> context.getBean(Greeter.class).greeting().equals("published-on-second"));
			assertThat(this.first.unavailableSubscribes()).isZero();
			assertThat(this.first.subscribes()).isEmpty();
		}
	}

	@Test
	void startsFromTheNextCenterWhenTheFirstDoesNotAnswerWithinItsShareOfTheTimeout(CapturedOutput output) {
		this.first.hangFetches();
		this.second.setRelease(Map.of("sample.greeting", "from-second"));

		try (ConfigurableApplicationContext context = run(this.first.address() + "," + this.second.address())) {
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.REMOTE);
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-second");
			assertThat(this.first.unansweredFetches()).isEqualTo(1);
			assertThat(this.second.fetchCount()).isEqualTo(1);
			assertThat(output).contains("MCP Config center " + this.first.address() + " cannot serve " + TARGET
					+ " (DEADLINE_EXCEEDED", "trying " + this.second.address() + " next");
		}
	}

	@Test
	void startsFromTheNextCenterWhenTheFirstTakesTheConnectionButNeverAnswers(CapturedOutput output)
			throws IOException {
		this.second.setRelease(Map.of("sample.greeting", "from-second"));
		// a frozen center: its kernel completes the connection, the process never reads it
		try (ServerSocket frozen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			String frozenAddress = "127.0.0.1:" + frozen.getLocalPort();
			try (ConfigurableApplicationContext context = run(frozenAddress + "," + this.second.address())) {
				assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.REMOTE);
				assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-second");
				assertThat(output).contains("cannot serve " + TARGET + " (DEADLINE_EXCEEDED",
						"trying " + this.second.address() + " next");
				// and the session follows the center that served
				this.second.awaitSubscribed(1);
			}
		}
	}

	@Test
	void aCenterThatIsSlowButServesKeepsMostOfTheTimeoutWhenOthersAreListed(CapturedOutput output) {
		// every replica reads the same store: slow on one, slow on all; slower than half the
		// timeout, well within the timeout less one address's reserve (1 s)
		this.first.delayFetches(Duration.ofMillis(5500));
		this.second.delayFetches(Duration.ofMillis(5500));
		this.first.setRelease(Map.of("sample.greeting", "from-first"));

		try (ConfigurableApplicationContext context = TestApp.run(this.first.address() + "," + this.second.address(),
				"--mcp.client.snapshot-dir=" + snapshotDir(), "--mcp.client.request-timeout=8s")) {
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.REMOTE);
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-first");
			assertThat(this.second.fetchCount()).isZero();
			assertThat(output).doesNotContain("cannot serve");
		}
	}

	@Test
	void aSessionThatReconnectsWhileItsCenterCannotReadItsStoreMovesToTheNext(CapturedOutput output) {
		this.first.setRelease(Map.of("sample.greeting", "from-first"));
		this.second.setRelease(Map.of("sample.greeting", "from-first"));
		this.second.setRelease(Map.of("sample.greeting", "from-second"));
		try (ConfigurableApplicationContext context = run(this.first.address() + "," + this.second.address())) {
			this.first.awaitSubscribed(1);

			// the replica loses etcd: its streams end, its connection stays
			this.first.storeDown();
			this.first.breakStreams();

			this.second.awaitSubscribed(1);
			eventually().until(() -> context.getBean(Greeter.class).greeting().equals("from-second"));
			assertThat(this.first.unavailableSubscribes()).isEqualTo(1);
			assertThat(output).contains("MCP Config center " + this.first.address() + " cannot serve " + TARGET,
					"trying " + this.second.address() + " next");
			this.second.publish(Map.of("sample.greeting", "published-on-second"));
			eventually().until(() -> context.getBean(Greeter.class).greeting().equals("published-on-second"));
		}
	}

	@Test
	void startsFromTheNextCenterWhenTheFirstRefusesTheToken(CapturedOutput output) {
		this.first.setRelease(Map.of("sample.greeting", "from-first"));
		this.second.setRelease(Map.of("sample.greeting", "from-second"));
		// a replica that has not seen the instance's new token yet
		Status unknown = Status.UNAUTHENTICATED.withDescription("token 'fresh' is not known here");
		this.first.refuseFetchesWith(unknown);
		this.first.refuseSubscribes(unknown);
		try (ConfigurableApplicationContext context = run(this.first.address() + "," + this.second.address())) {
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.REMOTE);
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-second");
			assertThat(output).contains("MCP Config center " + this.first.address() + " cannot serve " + TARGET
					+ " (UNAUTHENTICATED: token 'fresh' is not known here); trying " + this.second.address() + " next");
			this.second.awaitSubscribed(1);
		}
	}

	@Test
	void aSessionThatOneCenterRefusesMovesToTheNext(CapturedOutput output) {
		this.first.setRelease(Map.of("sample.greeting", "from-first"));
		// the second center holds a newer release, so that moving there shows
		this.second.setRelease(Map.of("sample.greeting", "from-first"));
		this.second.setRelease(Map.of("sample.greeting", "from-second"));
		// a replica that has not seen the instance's new token yet
		this.first.refuseSubscribes(Status.PERMISSION_DENIED.withDescription("token 'fresh' is not known here"));
		try (ConfigurableApplicationContext context = run(this.first.address() + "," + this.second.address())) {
			this.second.awaitSubscribed(1);
			eventually().until(() -> context.getBean(Greeter.class).greeting().equals("from-second"));
			assertThat(this.first.refusedSubscribes()).hasSize(1);
			assertThat(output).contains("MCP Config center " + this.first.address() + " refuses the sync session of "
					+ TARGET + " (PERMISSION_DENIED: token 'fresh' is not known here)", "next at " + this.second.address());
		}
	}

	@Test
	void aSessionWhoseCenterStopsAnsweringMovesToTheNext(CapturedOutput output) {
		this.first.setRelease(Map.of("sample.greeting", "from-first"));
		this.second.setRelease(Map.of("sample.greeting", "from-first"));
		try (ConfigurableApplicationContext context = run(this.first.address() + "," + this.second.address())) {
			this.first.awaitSubscribed(1);

			// a frozen replica: its connection stays up, nothing on it is answered
			this.first.ignoreHeartbeats();

			this.second.awaitSubscribed(1);
			// 3 heartbeats once the stream was answered, 6 when it was frozen before its first answer
			assertThat(output).containsPattern("MCP Config center " + Pattern.quote(this.first.address()) + " cannot serve "
					+ TARGET + " \\(UNAVAILABLE: no answer to [36] heartbeats\\)")
				.contains("trying " + this.second.address() + " next");
			this.second.publish(Map.of("sample.greeting", "published-on-second"));
			eventually().until(() -> context.getBean(Greeter.class).greeting().equals("published-on-second"));
			assertThat(this.first.subscribes()).hasSize(1);
		}
	}

	@Test
	void aSessionWhoseCenterLosesItsStoreIsUnconfirmedAndMovesToTheNext(CapturedOutput output) {
		this.first.setRelease(Map.of("sample.greeting", "from-first"));
		this.second.setRelease(Map.of("sample.greeting", "from-first"));
		try (ConfigurableApplicationContext context = run(this.first.address() + "," + this.second.address())) {
			this.first.awaitSubscribed(1);
			SyncStatusTracker tracker = context.getBean(SyncStatusTracker.class);
			McpConfigClient client = context.getBean(McpConfigClient.class);
			eventually().until(() -> !tracker.status().isDegraded(client.held()));

			// the replica loses etcd under the open session, whose connection stays up
			this.first.storeDown();

			this.second.awaitSubscribed(1);
			assertThat(output).contains(
					"MCP Config center test cannot reach its store, so it cannot confirm that version 1 of " + TARGET
							+ " is current; trying the next center if it cannot for 3 heartbeats",
					"MCP Config center " + this.first.address() + " cannot serve " + TARGET
							+ " (UNAVAILABLE: center test cannot reach its store)",
					"trying " + this.second.address() + " next");
			this.second.publish(Map.of("sample.greeting", "published-on-second"));
			eventually().until(() -> context.getBean(Greeter.class).greeting().equals("published-on-second"));
			eventually().until(() -> !tracker.status().isDegraded(client.held()));
			assertThat(tracker.status().unconfirmed()).isNull();
			assertThat(this.first.subscribes()).hasSize(1);
		}
	}

	@Test
	void aSingleCenterThatLosesItsStoreKeepsTheSessionUnconfirmedAndPushesWhatItMissedOnIt(CapturedOutput output) {
		this.first.setRelease(Map.of("sample.greeting", "from-first"));
		try (ConfigurableApplicationContext context = run(this.first.address())) {
			this.first.awaitSubscribed(1);
			SyncStatusTracker tracker = context.getBean(SyncStatusTracker.class);
			McpConfigClient client = context.getBean(McpConfigClient.class);
			McpHealth health = context.getBean(McpHealth.class);
			eventually().until(() -> !tracker.status().isDegraded(client.held()));

			this.first.storeDown();

			eventually().until(() -> tracker.status().isDegraded(client.held()));
			SyncStatus.Unconfirmed unconfirmed = tracker.status().unconfirmed();
			assertThat(unconfirmed.reason()).isEqualTo("center test cannot reach its store");
			assertThat(health.details()).containsEntry("degraded", true).containsEntry("unconfirmed", unconfirmed);
			assertThat(tracker.status().isConnected()).isTrue();
			// many heartbeats later (200 ms each), still the one session, and the reason kept
			// from the first answer
			int heartbeats = this.first.heartbeats().size();
			eventually().until(() -> this.first.heartbeats().size() >= heartbeats + 3 * UnconfirmedAnswers.IN_A_ROW);
			assertThat(this.first.subscribes()).hasSize(1);
			assertThat(tracker.status().reconnects()).isZero();
			assertThat(tracker.status().unconfirmed()).isEqualTo(unconfirmed);
			assertThat(output).contains("MCP Config center test cannot reach its store, so it cannot confirm that"
					+ " version 1 of " + TARGET + " is current; keeping the stream, on which it pushes what it"
					+ " missed once the store is back");

			// the store is back: what was published meanwhile is pushed on the same session
			this.first.storeUp();
			this.first.publish(Map.of("sample.greeting", "published-meanwhile"));
			eventually().until(() -> context.getBean(Greeter.class).greeting().equals("published-meanwhile"));
			eventually().until(() -> !tracker.status().isDegraded(client.held()));
			assertThat(tracker.status().unconfirmed()).isNull();
			assertThat(health.details()).doesNotContainKey("unconfirmed");
			assertThat(this.first.subscribes()).hasSize(1);
			// said at the first answer that names a release again
			eventually().until(() -> output.toString().contains("MCP Config center test reaches its store again"));
		}
	}

	@Test
	void aCenterThatReachesItsStoreAgainConfirmsAsBeforeEvenWhenTheReleaseItMissedIsRefused() {
		this.first.setRelease(Map.of("sample.greeting", "from-first"));
		try (ConfigurableApplicationContext context = run(this.first.address())) {
			this.first.awaitSubscribed(1);
			SyncStatusTracker tracker = context.getBean(SyncStatusTracker.class);
			McpConfigClient client = context.getBean(McpConfigClient.class);
			this.first.storeDown();
			eventually().until(() -> tracker.status().unconfirmed() != null);

			this.first.storeUp();
			this.first.awaitNack(this.first.publish(Map.of("sample.greeting", GreetingVeto.FORBIDDEN)));

			// the center names a release again (the refused one): it reaches its store, and the
			// instance, connected and on the center's configuration, is not degraded
			eventually().until(() -> tracker.status().unconfirmed() == null);
			assertThat(tracker.status().isDegraded(client.held())).isFalse();
			assertThat(context.getBean(Greeter.class).greeting()).isEqualTo("from-first");
		}
	}

	@Test
	void whenEveryCenterRefusesTheStartUpAsksEachOnceAndStartsFromTheSnapshot(CapturedOutput output) {
		this.first.storeDown();
		this.second.storeDown();
		try (ConfigurableApplicationContext context = run(this.first.address() + "," + this.second.address())) {
			HeldConfig held = context.getBean(McpConfigClient.class).held();
			assertThat(held.source()).isEqualTo(ConfigSource.SNAPSHOT);
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-snapshot");
			assertThat(this.first.unavailableFetches()).isEqualTo(1);
			assertThat(this.second.unavailableFetches()).isEqualTo(1);

			// the session goes round until one serves again
			this.second.setRelease(SAVED);
			this.second.storeUp();
			this.second.awaitSubscribed(1);
			eventually().until(() -> context.getBean(McpConfigClient.class).held().source() == ConfigSource.REMOTE);
		}
	}

	@Test
	void aCenterThatCannotBeReachedIsLeftByTheChannelWithoutTurningTheOrder(CapturedOutput output) {
		this.first.setRelease(Map.of("sample.greeting", "from-first"));
		this.second.setRelease(Map.of("sample.greeting", "from-first"));
		this.second.setRelease(Map.of("sample.greeting", "from-second"));
		try (ConfigurableApplicationContext context = run(this.first.address() + "," + this.second.address())) {
			this.first.awaitSubscribed(1);

			// the replica dies: its connection breaks, pick_first moves on
			this.first.close();

			this.second.awaitSubscribed(1);
			eventually().until(() -> context.getBean(Greeter.class).greeting().equals("from-second"));
			assertThat(output).doesNotContain("cannot serve");
		}
	}

	@Test
	void aSingleCenterThatCannotReadItsStoreIsAskedAgainAsBefore(CapturedOutput output) {
		this.first.storeDown();
		try (ConfigurableApplicationContext context = run(this.first.address())) {
			McpConfigClient client = context.getBean(McpConfigClient.class);
			assertThat(client.held().source()).isEqualTo(ConfigSource.SNAPSHOT);
			assertThat(this.first.unavailableFetches()).isEqualTo(1);
			eventually().until(() -> this.first.unavailableSubscribes() >= 2);

			this.first.setRelease(SAVED);
			this.first.storeUp();
			this.first.awaitSubscribed(1);
			eventually().until(() -> client.held().source() == ConfigSource.REMOTE);
			assertThat(output).doesNotContain("cannot serve");
		}
	}

	private ConfigurableApplicationContext run(String serverAddresses) {
		return TestApp.run(serverAddresses, "--mcp.client.snapshot-dir=" + snapshotDir());
	}

	private Path snapshotDir() {
		return this.directory.resolve("snapshots");
	}

}
