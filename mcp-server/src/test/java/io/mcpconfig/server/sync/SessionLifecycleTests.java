package io.mcpconfig.server.sync;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.mcpconfig.server.McpServerApplication;
import io.mcpconfig.server.TestTokens;
import io.mcpconfig.server.instance.InstanceRegistry;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Sessions end when their instance goes silent and when the server shuts down. */
class SessionLifecycleTests {

	private static final Target ORDERS_DEV = new Target("orders", "dev");

	@TempDir
	Path dataDir;

	private ConfigurableApplicationContext server;

	private ManagedChannel channel;

	private SyncClient client;

	@BeforeEach
	void start() {
		// a context of its own: these tests stop it, and its expiry is short
		server = new SpringApplicationBuilder(McpServerApplication.class, GrpcServerPort.class).run(
				"--server.port=0", "--grpc.server.port=0", "--mcp.server.file.dir=" + dataDir,
				"--mcp.server.sync.instance-expiry=1s", "--mcp.server.sync.max-heartbeat-interval=1s",
				"--spring.main.banner-mode=off");
		server.getBean(ReleaseStore.class).publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		channel = NettyChannelBuilder.forAddress("127.0.0.1", server.getBean(GrpcServerPort.class).get())
			.usePlaintext()
			.intercept(TestTokens.sendingAdmin())
			.build();
	}

	@AfterEach
	void stop() throws InterruptedException {
		try {
			if (client != null) {
				client.close();
			}
			if (channel != null) {
				channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
		}
		finally {
			if (server != null) {
				server.close();
			}
		}
	}

	@Test
	void silentInstanceIsDroppedAfterTheExpiryAndLeavesTheRegistry() {
		client = SyncClient.autoAcking(channel).subscribe("orders", "dev", "silent");
		await().atMost(Duration.ofSeconds(5)).until(() -> client.heldVersion() == 1);
		Status status = client.awaitClosed(Duration.ofSeconds(5));
		assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(status.getDescription()).contains("no message from this instance for PT1S");
		assertThat(server.getBean(InstanceRegistry.class).list(ORDERS_DEV)).isEmpty();
		assertThat(server.getBean(SessionRegistry.class).sessionCount(ORDERS_DEV)).isZero();
	}

	@Test
	void heartbeatingInstanceOutlivesTheExpiry() {
		client = SyncClient.autoAcking(channel).subscribe("orders", "dev", "alive");
		ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
		try {
			heartbeats.scheduleAtFixedRate(() -> client.heartbeat(client.heldVersion(), client.heldChecksum()), 0, 250,
					TimeUnit.MILLISECONDS);
			await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).until(() -> client.closedWith() == null);
			assertThat(server.getBean(InstanceRegistry.class).list(ORDERS_DEV)).hasSize(1);
		}
		finally {
			heartbeats.shutdownNow();
		}
	}

	@Test
	void instanceThatAnnouncesASlowHeartbeatIsDroppedAfterThreeOfItsIntervals() {
		// instance-expiry is 1s: three announced 800 ms heartbeats are longer
		client = SyncClient.autoAcking(channel).heartbeatInterval(Duration.ofMillis(800))
			.subscribe("orders", "dev", "slow");
		long started = System.nanoTime();
		await().during(Duration.ofMillis(1800)).atMost(Duration.ofSeconds(3)).until(() -> client.closedWith() == null);
		Status status = client.awaitClosed(Duration.ofSeconds(5));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(2400));
		assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(status.getDescription()).contains("no message from this instance for PT2.4S");
		assertThat(server.getBean(InstanceRegistry.class).list(ORDERS_DEV)).isEmpty();
	}

	@Test
	void anAnnouncedHeartbeatIntervalCountsAsTheMostAllowedSoASilentInstanceIsDroppedAfterAll() {
		// a client announcing 31 years would keep its session while its connection stays open
		client = SyncClient.autoAcking(channel).heartbeatInterval(Duration.ofMillis(1_000_000_000_000L))
			.subscribe("orders", "dev", "never-beats");
		await().atMost(Duration.ofSeconds(5)).until(() -> client.heldVersion() == 1);
		Status status = client.awaitClosed(Duration.ofSeconds(8));
		assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		// three of max-heartbeat-interval (1s)
		assertThat(status.getDescription()).contains("no message from this instance for PT3S");
		assertThat(server.getBean(InstanceRegistry.class).list(ORDERS_DEV)).isEmpty();
	}

	@Test
	void shutdownClosesEverySessionWithUnavailableWithoutWaitingForTheGracePeriod() {
		client = SyncClient.autoAcking(channel).subscribe("orders", "dev", "i-1");
		await().atMost(Duration.ofSeconds(5)).until(() -> client.heldVersion() == 1);
		long started = System.nanoTime();
		server.close();
		Status status = client.awaitClosed(Duration.ofSeconds(5));
		assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(status.getDescription()).contains("shutting down");
		// net.devh waits up to 30 s for open calls: the sessions must have ended well before
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
	}

}
