package io.mcpconfig.server.cluster;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.server.sync.SyncClient;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault: the leader of a three-member etcd cluster is killed while an operator publishes
 * through one replica and a client of the other receives. Every publish must succeed,
 * in order, the client must end on the last one, and both replicas' health must stay UP:
 * a load balancer that reads it must not take them out for an election etcd rides through.
 */
class ReplicaEtcdClusterTests {

	@RegisterExtension
	static EtcdCluster etcd = EtcdCluster.ofMembers(3);

	@Test
	void publishingThroughOneReplicaAndDeliveringThroughTheOtherGoOnWhileAnEtcdMemberIsKilled() throws Exception {
		String prefix = "/mcp-test-" + UUID.randomUUID() + "/";
		ExecutorService operator = Executors.newFixedThreadPool(2);
		try (ServerReplica a = ServerReplica.start("replica-a", etcd.clientEndpoints(), prefix);
				ServerReplica b = ServerReplica.start("replica-b", etcd.clientEndpoints(), prefix)) {
			SyncClient subscriber = b.autoAckingClient().subscribe("orders", "prod", "on-b");
			List<HttpResponse<String>> answers = new CopyOnWriteArrayList<>();
			AtomicBoolean keepPublishing = new AtomicBoolean(true);
			Future<?> publishing = operator.submit(() -> {
				for (int n = 1; keepPublishing.get(); n++) {
					answers.add(a.publish("orders", "prod", Map.of("n", String.valueOf(n))));
				}
			});

			List<String> healthDown = new CopyOnWriteArrayList<>();
			Future<?> probing = operator.submit(() -> {
				while (keepPublishing.get()) {
					for (ServerReplica replica : List.of(a, b)) {
						HttpResponse<String> health = replica.get("/actuator/health");
						if (health.statusCode() != 200) {
							healthDown.add(health.body());
						}
					}
					// paced as a load balancer's probe, not a wait for a state
					TimeUnit.MILLISECONDS.sleep(50);
				}
				return null;
			});

			awaitMorePublishes(publishing, answers, 0);
			int leader = etcd.leader();
			etcd.kill(leader);
			awaitMorePublishes(publishing, answers, answers.size());
			etcd.start(leader);
			awaitMorePublishes(publishing, answers, answers.size());
			keepPublishing.set(false);
			publishing.get(30, TimeUnit.SECONDS);
			probing.get(30, TimeUnit.SECONDS);
			assertThat(healthDown).isEmpty();

			assertThat(answers).extracting(HttpResponse::statusCode).allMatch((status) -> status == 200 || status == 201);
			long last = answers.size();
			assertThat(answers).extracting((answer) -> ServerReplica.json(answer).get("version").asLong())
				.containsExactlyElementsOf(LongStream.rangeClosed(1, last).boxed().toList());
			await().atMost(Duration.ofSeconds(30)).until(() -> subscriber.heldVersion() == last);
			assertThat(subscriber.held()).isEqualTo(Map.of("n", String.valueOf(last)));
			assertThat(subscriber.updates()).extracting(ConfigUpdate::getVersion).isSorted();
			assertThat(subscriber.closedWith()).isNull();
		}
		finally {
			operator.shutdownNow();
		}
	}

	/** Waits for ten more publishes; fails with the publisher's error if it stopped. */
	private static void awaitMorePublishes(Future<?> publishing, List<?> answers, int before) throws Exception {
		await().atMost(Duration.ofSeconds(30)).until(() -> publishing.isDone() || answers.size() >= before + 10);
		if (publishing.isDone()) {
			publishing.get();
		}
	}

}
