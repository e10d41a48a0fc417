package io.mcpconfig.server.sync;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.mcpconfig.protocol.v1.InstanceInfo;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.shared.FirstReleases;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A center whose store-read queue is full (a reconnect storm) answers further subscribes
 * RESOURCE_EXHAUSTED with a retry hint, never INTERNAL, and keeps its open sessions.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "grpc.server.port=0", "mcp.server.sync.threads=1", "mcp.server.sync.read-queue=1" })
@Import({ GrpcServerPort.class, ReadOverloadTests.SlowReads.class })
@DirtiesContext
class ReadOverloadTests extends StartedCenterTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private static final CountDownLatch SLOW_STORE = new CountDownLatch(1);

	@Autowired
	ReleaseStore store;

	private ManagedChannel channel;

	@AfterEach
	void releaseTheStore() {
		SLOW_STORE.countDown();
	}

	@Test
	void subscribesBeyondTheReadQueueAreToldToComeBackAndOpenSessionsLiveOn() {
		this.store.publish(PublishRequest.of(new Target("open", "dev"), Map.of("a", "1")));
		this.store.publish(PublishRequest.of(new Target("slow", "dev"), Map.of("a", "1")));
		this.channel = adminChannel();
		SyncClient open = client().subscribe("open", "dev", "open-1");
		await().atMost(DEADLINE).until(() -> open.heldVersion() == 1);

		// one read thread, a queue of one: of three subscribes at once, one finds no room
		List<SyncClient> slow = List.of(client().subscribe("slow", "dev", "slow-1"),
				client().subscribe("slow", "dev", "slow-2"), client().subscribe("slow", "dev", "slow-3"));

		await().atMost(DEADLINE).until(() -> slow.stream().anyMatch((c) -> c.closedWith() != null));
		SyncClient refused = slow.stream().filter((c) -> c.closedWith() != null).findFirst().orElseThrow();
		assertThat(refused.closedWith().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		Metadata trailers = refused.closedTrailers();
		assertThat(Long.parseLong(trailers.get(SyncSession.RETRY_PUSHBACK))).isBetween(1000L, 3000L);
		// the open session still gets publishes while the reads are stuck
		long next = this.store.publish(PublishRequest.of(new Target("open", "dev"), Map.of("a", "2"))).version();
		await().atMost(DEADLINE).until(() -> open.heldVersion() == next);
		assertThat(open.closedWith()).isNull();

		SLOW_STORE.countDown();
		await().atMost(DEADLINE)
			.until(() -> slow.stream().filter((c) -> c != refused).allMatch((c) -> c.heldVersion() == 1));
	}

	private SyncClient client() {
		SyncClient client = track(SyncClient.autoAcking(this.channel));
		return client;
	}

	/** Reads of the target "slow" wait until the test lets them go: the read threads are taken. */
	@TestConfiguration(proxyBeanMethods = false)
	static class SlowReads {

		@Bean
		@Primary
		EffectiveConfigResolver slowResolver(ReleaseStore store, FirstReleases firstReleases) {
			return new EffectiveConfigResolver(store, firstReleases) {
				@Override
				public EffectiveConfig resolve(Target target, InstanceInfo instance, ApiToken caller) {
					if (target.app().equals("slow")) {
						try {
							SLOW_STORE.await(30, TimeUnit.SECONDS);
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
					}
					return super.resolve(target, instance, caller);
				}
			};
		}

	}

}
