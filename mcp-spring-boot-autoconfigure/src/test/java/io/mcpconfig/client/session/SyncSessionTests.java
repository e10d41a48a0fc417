package io.mcpconfig.client.session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestApp.ChangeEvents;
import io.mcpconfig.client.TestApp.Greeter;
import io.mcpconfig.client.TestApp.OtherProperties;
import io.mcpconfig.client.TestApp.SampleProperties;
import io.mcpconfig.client.TestApp.StartupProbe;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.actuate.SyncStatusTracker;
import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.event.ChangeType;
import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.event.PropertyChange;
import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.protocol.v1.Ack;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.Nack;
import io.mcpconfig.protocol.v1.NackCode;
import io.mcpconfig.protocol.v1.Subscribe;

import static io.mcpconfig.client.TestConfigServer.eventually;
import static io.mcpconfig.client.TestConfigServer.unusedPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The sync session of a running application against a real gRPC config center.
 */
class SyncSessionTests {

	private static final Map<String, String> V1 = Map.of("sample.greeting", "hello", "sample.max-connections", "5",
			"doomed", "x");

	private TestConfigServer server = TestConfigServer.start();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void pushedReleaseReachesEnvironmentEventAndBeansBeforeItIsAcked() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			List<List<Ack>> acksWhenAnnounced = new CopyOnWriteArrayList<>();
			context.addApplicationListener((ApplicationListener<ConfigChangeEvent>) (event) -> acksWhenAnnounced
				.add(this.server.acks()));
			Map<String, String> v2 = Map.of("sample.greeting", "hi", "sample.max-connections", "5", "fresh", "y");
			ConfigUpdate update = this.server.publish(v2);

			this.server.awaitAck(update);
			assertThat(acksWhenAnnounced).singleElement()
				.satisfies((acks) -> assertThat(acks).noneMatch((ack) -> ack.getNonce().equals(update.getNonce())));
			Environment environment = context.getEnvironment();
			assertThat(environment.getProperty("sample.greeting")).isEqualTo("hi");
			assertThat(environment.getProperty("fresh")).isEqualTo("y");
			assertThat(environment.containsProperty("doomed")).isFalse();
			assertThat(context.getBean(SampleProperties.class).getGreeting()).isEqualTo("hi");
			assertThat(context.getBean(Greeter.class).greeting()).isEqualTo("hi");
			ConfigChangeEvent event = context.getBean(ChangeEvents.class).last();
			assertThat(event.getTarget().toString()).isEqualTo("test-app/test");
			assertThat(event.getOldVersion()).isEqualTo(1);
			assertThat(event.getNewVersion()).isEqualTo(2);
			assertThat(event.getConfigSource()).isEqualTo(ConfigSource.REMOTE);
			assertThat(event.getChanges()).containsOnly(
					Map.entry("doomed", new PropertyChange("doomed", "x", null, ChangeType.DELETED)),
					Map.entry("fresh", new PropertyChange("fresh", null, "y", ChangeType.ADDED)),
					Map.entry("sample.greeting", new PropertyChange("sample.greeting", "hello", "hi", ChangeType.MODIFIED)));
			assertThat(context.getBean(ChangeEvents.class).all()).hasSize(1);
		}
	}

	@Test
	void onlyPropertiesBeansUnderAChangedPrefixAreRebound() {
		this.server.setRelease(Map.of("sample.greeting", "hello", "other.name", "first"));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			SampleProperties sample = context.getBean(SampleProperties.class);
			OtherProperties other = context.getBean(OtherProperties.class);
			int sampleBinds = sample.binds();
			int otherBinds = other.binds();

			this.server.awaitAck(this.server.publish(Map.of("sample.greeting", "hi", "other.name", "first")));
			assertThat(sample.getGreeting()).isEqualTo("hi");
			assertThat(sample.binds()).isEqualTo(sampleBinds + 1);
			assertThat(other.binds()).isEqualTo(otherBinds);

			this.server.awaitAck(this.server.publish(Map.of("sample.greeting", "hi", "other.name", "second")));
			assertThat(other.getName()).isEqualTo("second");
			assertThat(other.binds()).isEqualTo(otherBinds + 1);
			assertThat(sample.binds()).isEqualTo(sampleBinds + 1);
		}
	}

	@Test
	void deltaIsAppliedOnTheHeldProperties() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			Map<String, String> expected = Map.of("sample.greeting", "hello", "sample.max-connections", "50", "fresh",
					"y");
			ConfigUpdate delta = this.server.delta(1, 2, Map.of("sample.max-connections", "50", "fresh", "y"),
					List.of("doomed"), ConfigChecksum.of(expected));
			this.server.push(delta);

			this.server.awaitAck(delta);
			McpConfigClient client = context.getBean(McpConfigClient.class);
			assertThat(client.held().properties()).isEqualTo(expected);
			assertThat(client.held().version()).isEqualTo(2);
			assertThat(context.getBean(SampleProperties.class).getMaxConnections()).isEqualTo(50);
			assertThat(context.getBean(ChangeEvents.class).last().changedKeys())
				.containsExactly("doomed", "fresh", "sample.max-connections");
		}
	}

	@Test
	void deltaFromAnotherBaseIsNackedWithBaseMismatch() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			ConfigUpdate delta = this.server.delta(7, 8, Map.of("fresh", "y"), List.of(), "irrelevant");
			this.server.push(delta);

			Nack nack = this.server.awaitNack(delta);
			assertThat(nack.getCode()).isEqualTo(NackCode.BASE_MISMATCH);
			assertThat(nack.getVersion()).isEqualTo(8);
			assertThat(context.getBean(McpConfigClient.class).held().version()).isEqualTo(1);
			assertThat(context.getBean(ChangeEvents.class).all()).isEmpty();
		}
	}

	@Test
	void checksumMismatchIsNackedChangesNothingAndIsRememberedForTheRelease() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			ConfigUpdate corrupt = this.server.full(2, Map.of("sample.greeting", "corrupt")).toBuilder()
				.setChecksum(ConfigChecksum.of(Map.of("sample.greeting", "something else")))
				.build();
			this.server.push(corrupt);

			Nack nack = this.server.awaitNack(corrupt);
			assertThat(nack.getCode()).isEqualTo(NackCode.CHECKSUM_MISMATCH);
			assertThat(nack.getReason()).contains("version 2");
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("hello");
			assertThat(context.getBean(McpConfigClient.class).held().version()).isEqualTo(1);
			assertThat(context.getBean(ChangeEvents.class).all()).isEmpty();
			assertThat(this.server.acks()).isEmpty();

			// The center goes on naming it: refused again from memory, neither drift nor confirmed.
			this.server.answerHeartbeatsWith(2, corrupt.getChecksum());
			int heartbeats = this.server.heartbeats().size();
			eventually().until(() -> this.server.heartbeats().size() > heartbeats);
			Instant lastSync = context.getBean(SyncStatusTracker.class).status().lastSync();
			eventually().until(() -> this.server.heartbeats().size() >= heartbeats + 6);
			assertThat(this.server.subscribes()).hasSize(1);
			assertThat(context.getBean(SyncStatusTracker.class).status().lastSync()).isEqualTo(lastSync);
			this.server.push(corrupt);
			Nack again = eventually().until(() -> this.server.nacks(), (nacks) -> nacks.size() == 2).get(1);
			assertThat(again.getCode()).isEqualTo(NackCode.CHECKSUM_MISMATCH);
			assertThat(again.getReason()).startsWith("version 2 was refused before: version 2 hashes to");
		}
	}

	@Test
	void olderVersionIsIgnoredWithoutAnswer() {
		this.server.setRelease(Map.of("sample.greeting", "v1"));
		this.server.setRelease(Map.of("sample.greeting", "v2"));
		this.server.setRelease(Map.of("sample.greeting", "v3"));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			ConfigUpdate stale = this.server.full(2, Map.of("sample.greeting", "stale"));
			this.server.push(stale);
			// Updates are handled in order: once the next one is acked, the stale one was seen.
			ConfigUpdate next = this.server.publish(Map.of("sample.greeting", "v4"));

			this.server.awaitAck(next);
			assertThat(this.server.acks()).extracting(Ack::getNonce).containsExactly(next.getNonce());
			assertThat(this.server.nacks()).isEmpty();
			assertThat(context.getBean(ChangeEvents.class).all()).singleElement()
				.satisfies((event) -> assertThat(event.getOldVersion()).isEqualTo(3));
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("v4");
		}
	}

	@Test
	void resentHeldVersionIsAckedAgainWithoutAnEvent() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			ConfigUpdate again = this.server.full(1, V1);
			this.server.push(again);

			this.server.awaitAck(again);
			assertThat(context.getBean(ChangeEvents.class).all()).isEmpty();
		}
	}

	@Test
	void brokenStreamIsReopenedWithTheHeldVersion() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			this.server.awaitAck(this.server.publish(Map.of("sample.greeting", "v2")));

			this.server.breakStreams();

			this.server.awaitSubscribed(2);
			Subscribe resubscribe = this.server.subscribes().get(1);
			assertThat(resubscribe.getHeldVersion()).isEqualTo(2);
			assertThat(resubscribe.getHeldChecksum()).isEqualTo(ConfigChecksum.of(Map.of("sample.greeting", "v2")));
			assertThat(resubscribe.getInstance().getInstanceId())
				.isEqualTo(this.server.subscribes().get(0).getInstance().getInstanceId());
			this.server.awaitAck(this.server.publish(Map.of("sample.greeting", "v3")));
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("v3");
		}
	}

	@Test
	void subscribeAndHeartbeatsCarryTheHeldVersionAndChecksum() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address(),
				"--mcp.client.instance-id=instance-9", "--mcp.client.labels.region=eu",
				"--mcp.client.heartbeat-interval=250ms")) {
			this.server.awaitSubscribed(1);
			Subscribe subscribe = this.server.subscribes().get(0);
			assertThat(subscribe.getTarget().getApp()).isEqualTo(TestApp.APP);
			assertThat(subscribe.getTarget().getEnv()).isEqualTo(TestApp.ENV);
			assertThat(subscribe.getInstance().getInstanceId()).isEqualTo("instance-9");
			assertThat(subscribe.getInstance().getLabelsMap()).containsExactly(Map.entry("region", "eu"));
			assertThat(subscribe.getInstance().getHost()).isNotEmpty();
			assertThat(subscribe.getHeldVersion()).isEqualTo(1);
			assertThat(subscribe.getHeldChecksum()).isEqualTo(ConfigChecksum.of(V1));
			assertThat(subscribe.getHeartbeatIntervalMillis()).isEqualTo(250);

			eventually().until(() -> this.server.heartbeats().size() >= 2);
			assertThat(this.server.heartbeats()).allSatisfy((heartbeat) -> {
				assertThat(heartbeat.getHeldVersion()).isEqualTo(1);
				assertThat(heartbeat.getHeldChecksum()).isEqualTo(ConfigChecksum.of(V1));
			});
			assertThat(this.server.subscribes()).hasSize(1);
		}
	}

	@Test
	void driftReportedByHeartbeatAnswersLeadsToANewSubscription() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			this.server.answerHeartbeatsWith(1, "some other checksum");

			this.server.awaitSubscribed(2);
			assertThat(this.server.subscribes().get(1).getHeldVersion()).isEqualTo(1);
		}
	}

	@Test
	void answersSayingAnUpdateIsOnItsWayAreNotDrift() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			// a busy center: version 2 is queued for this stream, and the answers say so
			this.server.answerHeartbeatsWith(2, "checksum of 2", true);
			int heard = this.server.heartbeats().size();
			eventually().until(() -> this.server.heartbeats().size() >= heard + 4);
			assertThat(this.server.subscribes()).hasSize(1);

			// the same answers without it are drift
			this.server.answerHeartbeatsWith(2, "checksum of 2");
			this.server.awaitSubscribed(2);
		}
	}

	@Test
	void silentCenterLeadsToANewSubscription() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			this.server.ignoreHeartbeats();

			this.server.awaitSubscribed(2);
		}
	}

	@Test
	void aStalledSessionThreadIsNotTakenForASilentCenter() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(TestApp.builder().sources(Stalling.class),
				this.server.address())) {
			this.server.awaitSubscribed(1);
			StallingObserver stalling = context.getBean(StallingObserver.class);
			// Five heartbeat intervals without the session thread running, as in a long GC pause.
			stalling.stallOnce(Duration.ofMillis(1000));

			eventually().until(stalling::stalled);
			int heartbeats = this.server.heartbeats().size();
			eventually().until(() -> this.server.heartbeats().size() >= heartbeats + 3);
			assertThat(this.server.subscribes()).hasSize(1);
		}
	}

	@Test
	void releasePublishedDuringStartUpIsAppliedOnceTheApplicationIsReady() {
		this.server.setRelease(Map.of("sample.greeting", "fetched"));
		AtomicBoolean published = new AtomicBoolean();
		this.server.afterFetch(() -> {
			if (published.compareAndSet(false, true)) {
				this.server.setRelease(Map.of("sample.greeting", "published during start-up"));
			}
		});
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			assertThat(context.getBean(StartupProbe.class).greetingAtStartup()).isEqualTo("fetched");

			// The environment changes before the event is published; the ACK comes after both.
			eventually().until(() -> !this.server.acks().isEmpty());
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("published during start-up");
			assertThat(this.server.subscribes().get(0).getHeldVersion()).isEqualTo(1);
			ConfigChangeEvent event = context.getBean(ChangeEvents.class).last();
			assertThat(event.getOldVersion()).isEqualTo(1);
			assertThat(event.getNewVersion()).isEqualTo(2);
			eventually().until(() -> context.getBean(Greeter.class).greeting().equals("published during start-up"));
		}
	}

	@Test
	void centerThatComesUpAfterStartUpIsSyncedInTheBackground() {
		int port = unusedPort();
		try (ConfigurableApplicationContext context = TestApp.run("127.0.0.1:" + port)) {
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.EMPTY);
			this.server.close();
			this.server = TestConfigServer.startOn(port);
			this.server.setRelease(Map.of("sample.greeting", "late"));

			// The environment changes before the event is published; the ACK comes after both.
			eventually().until(() -> !this.server.acks().isEmpty());
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("late");
			ConfigChangeEvent event = context.getBean(ChangeEvents.class).last();
			assertThat(event.getOldVersion()).isZero();
			assertThat(event.getNewVersion()).isEqualTo(1);
			assertThat(event.getConfigSource()).isEqualTo(ConfigSource.REMOTE);
		}
	}

	/**
	 * A center that stays away: each re-open connects again on the session's back-off
	 * (here at most 400 ms), not on gRPC's own, which grows past a minute after a few
	 * failed connects and fails every call at once with the last error meanwhile. The
	 * address accepts and drops each connection, so the attempts can be counted.
	 */
	@Test
	void aCenterAwayForLongIsTriedOnTheSessionsBackoffAndReachedWhenBack() throws Exception {
		int port = this.server.port();
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			this.server.close();
			try (ConnectionDropper away = ConnectionDropper.on(port)) {
				// gRPC's own back-off alone would take about two minutes for twelve attempts
				await().atMost(Duration.ofSeconds(20)).until(() -> away.connections() >= 12);
			}
			// the center back with what it held, and a release published since
			this.server = TestConfigServer.startOn(port);
			this.server.setRelease(V1);
			this.server.setRelease(Map.of("sample.greeting", "back"));
			eventually().until(() -> "back".equals(context.getEnvironment().getProperty("sample.greeting")));
		}
	}

	/** A listening address that accepts each connection and closes it at once, counting them. */
	private static final class ConnectionDropper implements AutoCloseable {

		private final ServerSocket socket;

		private final AtomicInteger connections = new AtomicInteger();

		private final Thread acceptor;

		private ConnectionDropper(ServerSocket socket) {
			this.socket = socket;
			this.acceptor = new Thread(this::acceptAndDrop, "connection-dropper");
			this.acceptor.setDaemon(true);
			this.acceptor.start();
		}

		static ConnectionDropper on(int port) throws IOException {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress("127.0.0.1", port));
			return new ConnectionDropper(socket);
		}

		int connections() {
			return this.connections.get();
		}

		private void acceptAndDrop() {
			while (!this.socket.isClosed()) {
				try (Socket accepted = this.socket.accept()) {
					this.connections.incrementAndGet();
				}
				catch (IOException ex) {
					// closed
				}
			}
		}

		@Override
		public void close() throws Exception {
			this.socket.close();
			this.acceptor.join(5000);
		}

	}

	@Test
	void closingTheContextStopsTheSessionThreadAndTheChannel() {
		this.server.setRelease(V1);
		McpConfigClient client;
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			client = context.getBean(McpConfigClient.class);
			assertThat(TestApp.liveThreads(SyncSession.THREAD_NAME_PREFIX)).isNotEmpty();
		}
		assertThat(client.channel().isTerminated()).isTrue();
		assertThat(TestApp.liveThreads(SyncSession.THREAD_NAME_PREFIX)).isEmpty();
		eventually().until(() -> this.server.openSessions() == 0);
	}

	@Test
	void failedStartUpAfterTheImportClosesTheChannel() {
		this.server.setRelease(V1);
		AtomicReference<McpConfigClient> client = new AtomicReference<>();
		SpringApplicationBuilder failing = TestApp.builder()
			.sources(FailingBean.class)
			.listeners((ApplicationListener<ApplicationPreparedEvent>) (event) -> client
				.set(event.getApplicationContext().getBeanFactory().getBean(McpConfigClient.class)));
		assertThatExceptionOfType(BeanCreationException.class).isThrownBy(() -> failing.run("--spring.config.import=mcp:",
				"--spring.application.name=" + TestApp.APP, "--mcp.client.server-addresses=" + this.server.address()));
		assertThat(client.get().channel().isTerminated()).isTrue();
	}

	@Configuration(proxyBeanMethods = false)
	static class FailingBean {

		@Bean
		Object failing() {
			throw new IllegalStateException("fails on purpose");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Stalling {

		@Bean
		StallingObserver stallingObserver() {
			return new StallingObserver();
		}

	}

	/** Blocks the session thread once, on the next confirmation, for the time asked. */
	static class StallingObserver implements SyncObserver {

		private final AtomicReference<Duration> stall = new AtomicReference<>();

		private final AtomicBoolean stalled = new AtomicBoolean();

		void stallOnce(Duration duration) {
			this.stall.set(duration);
		}

		boolean stalled() {
			return this.stalled.get();
		}

		@Override
		public void confirmed() {
			Duration duration = this.stall.getAndSet(null);
			if (duration != null) {
				try {
					// Simulates a stalled process; not a wait for a state.
					Thread.sleep(duration.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				this.stalled.set(true);
			}
		}

	}

}
