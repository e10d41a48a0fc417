package io.mcpconfig.server.sync;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mcpconfig.protocol.v1.ConfigServiceGrpc;
import io.mcpconfig.protocol.v1.ConfigSnapshot;
import io.mcpconfig.protocol.v1.FetchRequest;
import io.mcpconfig.protocol.v1.InstanceInfo;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.shared.FirstReleases;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseStore;
import com.google.common.util.concurrent.ListenableFuture;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * A center whose store-read queue is full (a reconnect storm) answers further subscribes
 * and fetches RESOURCE_EXHAUSTED with a retry hint, never INTERNAL, and keeps its open
 * sessions answered.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "grpc.server.port=0", "mcp.server.sync.threads=1", "mcp.server.sync.read-queue=1" })
@Import({ GrpcServerPort.class, ReadOverloadTests.SlowReads.class })
@DirtiesContext
class ReadOverloadTests extends StartedCenterTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	/** Let go after each test; a new one for each. */
	private static volatile CountDownLatch slowStore = new CountDownLatch(1);

	/** Slow reads that took the read thread so far: the next read can only queue. */
	private static final AtomicInteger slowReadsStarted = new AtomicInteger();

	@Autowired
	ReleaseStore store;

	@Autowired
	MeterRegistry meters;

	private ManagedChannel channel;

	@BeforeEach
	void slowStore() {
		slowStore = new CountDownLatch(1);
		slowReadsStarted.set(0);
	}

	@AfterEach
	void releaseTheStore() {
		slowStore.countDown();
	}

	@Test
	void subscribesBeyondTheReadQueueAreToldToComeBackAndOpenSessionsLiveOn() {
		this.store.publish(PublishRequest.of(new Target("open", "dev"), Map.of("a", "1")));
		this.store.publish(PublishRequest.of(new Target("slow", "dev"), Map.of("a", "1")));
		this.channel = adminChannel();
		SyncClient open = client().subscribe("open", "dev", "open-1");
		await().atMost(DEADLINE).until(() -> open.heldVersion() == 1);
		double refusedBefore = this.meters.get("mcp.sync.reads.refused").functionCounter().count();

		// one read thread, a queue of one: once a read holds the thread, of two more one finds no room
		SyncClient first = client().subscribe("slow", "dev", "slow-1");
		await().atMost(DEADLINE).until(() -> slowReadsStarted.get() == 1);
		List<SyncClient> slow = List.of(first, client().subscribe("slow", "dev", "slow-2"),
				client().subscribe("slow", "dev", "slow-3"));

		await().atMost(DEADLINE).until(() -> slow.stream().anyMatch((c) -> c.closedWith() != null));
		SyncClient refused = slow.stream().filter((c) -> c.closedWith() != null).findFirst().orElseThrow();
		assertThat(refused.closedWith().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		Metadata trailers = refused.closedTrailers();
		assertThat(Long.parseLong(trailers.get(SyncSession.RETRY_PUSHBACK))).isBetween(1000L, 3000L);
		// what an operator sees meanwhile: one read waits, one was turned away
		assertThat(this.meters.get("mcp.sync.reads.queued").gauge().value()).isEqualTo(1);
		assertThat(this.meters.get("mcp.sync.reads.refused").functionCounter().count()).isEqualTo(refusedBefore + 1);
		// the open session still gets publishes while the reads are stuck
		long next = this.store.publish(PublishRequest.of(new Target("open", "dev"), Map.of("a", "2"))).version();
		await().atMost(DEADLINE).until(() -> open.heldVersion() == next);
		assertThat(open.closedWith()).isNull();

		slowStore.countDown();
		await().atMost(DEADLINE)
			.until(() -> slow.stream().filter((c) -> c != refused).allMatch((c) -> c.heldVersion() == 1));
	}

	@Test
	void fetchesWaitingOnTheStoreHoldUpNoStreamOfTheirConnectionAndBeyondTheReadQueueAreToldToComeBack()
			throws Exception {
		this.store.publish(PublishRequest.of(new Target("streamed", "dev"), Map.of("a", "1")));
		this.store.publish(PublishRequest.of(new Target("slow-fetched", "dev"), Map.of("a", "1")));
		this.channel = adminChannel();
		SyncClient open = client().subscribe("streamed", "dev", "streamed-1");
		await().atMost(DEADLINE).until(() -> open.heldVersion() == 1);

		// gRPC calls every service on one thread a core: a Fetch must not wait there
		ConfigServiceGrpc.ConfigServiceFutureStub fetcher = ConfigServiceGrpc.newFutureStub(this.channel);
		FetchRequest slowFetch = FetchRequest.newBuilder()
			.setTarget(io.mcpconfig.protocol.v1.Target.newBuilder().setApp("slow-fetched").setEnv("dev"))
			.build();
		List<ListenableFuture<ConfigSnapshot>> fetches = new ArrayList<>();
		fetches.add(fetcher.withDeadlineAfter(30, TimeUnit.SECONDS).fetch(slowFetch));
		await().atMost(DEADLINE).until(() -> slowReadsStarted.get() == 1);
		for (int i = 0; i < 2; i++) {
			fetches.add(fetcher.withDeadlineAfter(30, TimeUnit.SECONDS).fetch(slowFetch));
		}

		// one read thread, a queue of one: once a read holds the thread, of two more one finds no room
		await().atMost(DEADLINE).until(() -> fetches.stream().anyMatch(Future::isDone));
		ListenableFuture<ConfigSnapshot> refused = fetches.stream().filter(Future::isDone).findFirst().orElseThrow();
		StatusRuntimeException busy = (StatusRuntimeException) catchThrowableOfType(ExecutionException.class,
				refused::get).getCause();
		assertThat(busy.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(Long.parseLong(busy.getTrailers().get(SyncSession.RETRY_PUSHBACK))).isBetween(1000L, 3000L);
		// the stream on the same connection is answered while the reads wait
		open.heartbeat(1, open.heldChecksum());
		assertThat(open.awaitHeartbeatAck(1).getCurrentVersion()).isEqualTo(1);

		slowStore.countDown();
		for (ListenableFuture<ConfigSnapshot> fetch : fetches) {
			if (fetch != refused) {
				assertThat(fetch.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).getVersion()).isEqualTo(1);
			}
		}
	}

	private SyncClient client() {
		SyncClient client = track(SyncClient.autoAcking(this.channel));
		return client;
	}

	/** Reads of the targets of app "slow…" wait until the test lets them go: the read threads are taken. */
	@TestConfiguration(proxyBeanMethods = false)
	static class SlowReads {

		@Bean
		@Primary
		EffectiveConfigResolver slowResolver(ReleaseStore store, FirstReleases firstReleases) {
			return new EffectiveConfigResolver(store, firstReleases) {
				@Override
				public EffectiveConfig resolve(Target target, InstanceInfo instance, ApiToken caller) {
					if (target.app().startsWith("slow")) {
						slowReadsStarted.incrementAndGet();
						try {
							slowStore.await(30, TimeUnit.SECONDS);
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
