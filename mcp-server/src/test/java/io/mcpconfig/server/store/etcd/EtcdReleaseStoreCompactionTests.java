package io.mcpconfig.server.store.etcd;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseSizeLimits;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import io.mcpconfig.testsupport.etcd.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault: replica B loses its connection to etcd while replica A publishes, and etcd
 * compacts the history B would resume from. B must read the current releases again,
 * report the newest of each target, and go on watching.
 */
class EtcdReleaseStoreCompactionTests {

	private static final Target ORDERS_DEV = new Target("orders", "dev");

	private static final Target ORDERS_PROD = new Target("orders", "prod");

	@RegisterExtension
	static EtcdCluster etcd = EtcdCluster.singleMember();

	private TcpProxy linkOfB;

	private EtcdReleaseStore replicaA;

	private EtcdReleaseStore replicaB;

	@BeforeEach
	void startReplicas() throws Exception {
		String prefix = "/mcp-test-" + UUID.randomUUID() + "/";
		this.linkOfB = TcpProxy.to(etcd.clientPort(0));
		this.replicaA = new EtcdReleaseStore(
				EtcdReleaseStoreTests.settings(etcd.clientEndpoints(), prefix, Duration.ofSeconds(5)), 100,
				ReleaseSizeLimits.DEFAULT);
		this.replicaB = new EtcdReleaseStore(
				EtcdReleaseStoreTests.settings(List.of(this.linkOfB.endpoint()), prefix, Duration.ofSeconds(5)), 100,
				ReleaseSizeLimits.DEFAULT);
	}

	@AfterEach
	void stopReplicas() throws Exception {
		this.replicaA.close();
		this.replicaB.close();
		this.linkOfB.close();
	}

	@Test
	void watchThatMissedCompactedReleasesReportsTheNewestOfEachTargetAndGoesOn() throws Exception {
		ConcurrentLinkedQueue<Release> seenByB = new ConcurrentLinkedQueue<>();
		try (AutoCloseable registration = this.replicaB.watch(seenByB::add)) {
			publish(ORDERS_DEV, "1");
			await().atMost(Duration.ofSeconds(10)).until(() -> seenByB.size() == 1);

			this.linkOfB.cut();
			publish(ORDERS_DEV, "2");
			publish(ORDERS_DEV, "3");
			publish(ORDERS_PROD, "1");
			publish(ORDERS_DEV, "4");
			publish(ORDERS_PROD, "2");
			etcd.compact();
			this.linkOfB.restore();

			// The releases in between were compacted away: B can only catch up on the newest.
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(seenByB).extracting((r) -> r.target() + "@" + r.version())
					.containsExactlyInAnyOrder("orders/dev@1", "orders/dev@4", "orders/prod@2"));
			assertThat(seenByB).filteredOn((r) -> r.target().equals(ORDERS_DEV))
				.extracting(Release::version)
				.containsExactly(1L, 4L);

			Release fifth = publish(ORDERS_DEV, "5");
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seenByB).contains(fifth));
		}
	}

	private Release publish(Target target, String value) {
		return this.replicaA.publish(PublishRequest.of(target, Map.of("a", value)));
	}

}
