package io.mcpconfig.server.store.etcd;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseSizeLimits;
import io.mcpconfig.server.store.StoreUnavailableException;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Faults in a three-member etcd cluster under two replicas: losing one member (the
 * leader) is invisible to publishers and watchers; losing the quorum makes the store
 * unavailable until it is back.
 */
class EtcdReleaseStoreClusterTests {

	private static final Target ORDERS_DEV = new Target("orders", "dev");

	@RegisterExtension
	static EtcdCluster etcd = EtcdCluster.ofMembers(3);

	private EtcdReleaseStore replicaA;

	private EtcdReleaseStore replicaB;

	private final ExecutorService publisher = Executors.newSingleThreadExecutor();

	@BeforeEach
	void startReplicas() {
		String prefix = "/mcp-test-" + UUID.randomUUID() + "/";
		this.replicaA = replica(prefix, Duration.ofSeconds(5), 1000);
		this.replicaB = replica(prefix, Duration.ofSeconds(5), 1000);
	}

	@AfterEach
	void stopReplicas() {
		this.publisher.shutdownNow();
		this.replicaA.close();
		this.replicaB.close();
	}

	@Test
	void publishesSucceedAndWatchesDeliverWhileTheLeaderIsKilledAndRestarted() throws Exception {
		ConcurrentLinkedQueue<Release> seenByB = new ConcurrentLinkedQueue<>();
		List<Long> published = new CopyOnWriteArrayList<>();
		AtomicBoolean keepPublishing = new AtomicBoolean(true);
		try (AutoCloseable registration = this.replicaB.watch(seenByB::add)) {
			Future<?> publishing = this.publisher.submit(() -> {
				for (int i = 1; keepPublishing.get(); i++) {
					published.add(this.replicaA.publish(PublishRequest.of(ORDERS_DEV, Map.of("n", "" + i))).version());
				}
			});
			awaitMorePublishes(publishing, published, 0);
			int leader = etcd.leader();
			etcd.kill(leader);
			awaitMorePublishes(publishing, published, published.size());
			etcd.start(leader);
			awaitMorePublishes(publishing, published, published.size());
			keepPublishing.set(false);
			publishing.get(30, TimeUnit.SECONDS);

			long total = published.size();
			assertThat(published).isEqualTo(LongStream.rangeClosed(1, total).boxed().toList());
			assertThat(this.replicaB.history(ORDERS_DEV, 1000)).extracting(Release::version)
				.containsExactlyElementsOf(LongStream.iterate(total, (v) -> v >= 1, (v) -> v - 1).boxed().toList());
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(seenByB).extracting(Release::version).endsWith(total));
			assertThat(seenByB).extracting(Release::version).isSorted().doesNotHaveDuplicates();
		}
	}

	/** Waits for ten more publishes; fails with the publisher's error if it stopped. */
	private static void awaitMorePublishes(Future<?> publishing, List<Long> published, int before) throws Exception {
		await().atMost(Duration.ofSeconds(30)).until(() -> publishing.isDone() || published.size() >= before + 10);
		if (publishing.isDone()) {
			publishing.get();
		}
	}

	@Test
	void withoutAQuorumTheStoreIsUnavailableAndRecoversWhenItReturns() {
		EtcdReleaseStore store = replica("/mcp-test-" + UUID.randomUUID() + "/", Duration.ofSeconds(1), 100);
		try {
			store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
			etcd.stop(1);
			etcd.stop(2);

			assertThatExceptionOfType(StoreUnavailableException.class)
				.isThrownBy(() -> store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "lost"))));
			await().atMost(Duration.ofSeconds(10)).until(() -> !store.isAvailable());
			Health health = new EtcdStoreHealthIndicator(store, etcd.clientEndpoints()).health();
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);

			etcd.start(1);
			etcd.start(2);

			await().atMost(Duration.ofSeconds(30)).until(store::isAvailable);
			assertThat(store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2"))).version()).isEqualTo(2);
			assertThat(store.history(ORDERS_DEV, 10)).extracting((r) -> r.properties().get("a"))
				.containsExactly("2", "1");
		}
		finally {
			store.close();
		}
	}

	private static EtcdReleaseStore replica(String prefix, Duration timeout, int maxHistory) {
		return new EtcdReleaseStore(EtcdReleaseStoreTests.settings(etcd.clientEndpoints(), prefix, timeout),
				maxHistory, ReleaseSizeLimits.DEFAULT);
	}

}
