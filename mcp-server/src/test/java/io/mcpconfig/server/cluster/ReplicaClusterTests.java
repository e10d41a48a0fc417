package io.mcpconfig.server.cluster;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.server.TestTokens;
import io.mcpconfig.server.sync.SyncClient;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two real server replicas on one etcd prefix, as in production: what is published
 * through one reaches the clients of the other, compare-and-set holds across them, and
 * each lists the instances of both, each accepts the tokens made through the other, and
 * both show one audit log.
 * Each test uses a target of its own.
 */
class ReplicaClusterTests {

	private static final Duration PROMPTLY = Duration.ofSeconds(5);

	@RegisterExtension
	static EtcdCluster etcd = EtcdCluster.singleMember();

	static ServerReplica replicaA;

	static ServerReplica replicaB;

	@BeforeAll
	static void startReplicas() {
		String prefix = "/mcp-test-" + UUID.randomUUID() + "/";
		replicaA = ServerReplica.start("replica-a", etcd.clientEndpoints(), prefix, "mcp.server.etcd.lease-ttl=3s",
				"mcp.server.security.refresh-interval=300ms");
		replicaB = ServerReplica.start("replica-b", etcd.clientEndpoints(), prefix, "mcp.server.etcd.lease-ttl=3s",
				"mcp.server.security.refresh-interval=300ms");
	}

	@AfterAll
	static void stopReplicas() throws InterruptedException {
		try {
			if (replicaA != null) {
				replicaA.close();
			}
		}
		finally {
			if (replicaB != null) {
				replicaB.close();
			}
		}
	}

	@Test
	void publishOverHttpToOneReplicaReachesASubscriberOfTheOtherPromptly() {
		SyncClient subscriber = replicaB.autoAckingClient().subscribe("pushed", "dev", "on-b");

		HttpResponse<String> first = replicaA.publish("pushed", "dev", Map.of("greeting", "hello"));
		assertThat(first.statusCode()).isEqualTo(201);
		await().atMost(PROMPTLY).until(() -> subscriber.heldVersion() == 1);
		assertThat(subscriber.held()).isEqualTo(Map.of("greeting", "hello"));

		assertThat(replicaA.publish("pushed", "dev", Map.of("greeting", "hi", "pool.size", "5")).statusCode())
			.isEqualTo(200);
		await().atMost(PROMPTLY).until(() -> subscriber.heldVersion() == 2);
		ConfigUpdate delta = subscriber.updates().get(subscriber.updates().size() - 1);
		assertThat(delta.getFull()).isFalse();
		assertThat(delta.getBaseVersion()).isEqualTo(1);
		assertThat(subscriber.held()).isEqualTo(Map.of("greeting", "hi", "pool.size", "5"));
	}

	@Test
	void aSharedLayerPublishedThroughOneReplicaReachesTheApplicationsOfTheOtherAsOneReleaseEach() {
		replicaA.publish("shared-orders", "sh", Map.of("pool", "10"));
		replicaB.publish("shared-billing", "sh", Map.of("name", "billing"));
		SyncClient orders = replicaB.autoAckingClient().subscribe("shared-orders", "sh", "orders-on-b");
		SyncClient billing = replicaA.autoAckingClient().subscribe("shared-billing", "sh", "billing-on-a");
		await().atMost(PROMPTLY).until(() -> orders.heldVersion() == 1 && billing.heldVersion() == 1);

		assertThat(replicaA.publish("application", "sh", Map.of("region", "eu")).statusCode()).isEqualTo(201);
		await().atMost(PROMPTLY).until(() -> orders.heldVersion() == 2 && billing.heldVersion() == 2);
		assertThat(orders.held()).isEqualTo(Map.of("pool", "10", "region", "eu"));
		assertThat(billing.held()).isEqualTo(Map.of("name", "billing", "region", "eu"));
		// both replicas propagate it; the store's compare-and-set leaves one release per application
		await().during(Duration.ofSeconds(1)).atMost(PROMPTLY).until(() -> ServerReplica
			.json(replicaB.get("/api/v1/configs/shared-orders/sh/releases")).size() == 2);
		assertThat(ServerReplica.json(replicaA.get("/api/v1/configs/shared-billing/sh")).get("sharedVersion").asLong())
			.isEqualTo(1);
	}

	@Test
	void racingIfMatchPublishesThroughBothReplicasHaveExactlyOneWinnerAndOne409() throws Exception {
		ExecutorService writers = Executors.newFixedThreadPool(2);
		try {
			for (long expected = 0; expected < 5; expected++) {
				CountDownLatch start = new CountDownLatch(1);
				List<Future<HttpResponse<String>>> answers = new ArrayList<>();
				for (ServerReplica replica : List.of(replicaA, replicaB)) {
					Map<String, String> body = Map.of("writer", replica.id() + "-" + expected);
					long ifMatch = expected;
					answers.add(writers.submit(() -> {
						start.await();
						return replica.publish("raced", "dev", body, ifMatch);
					}));
				}
				start.countDown();
				List<Integer> statuses = new ArrayList<>();
				for (Future<HttpResponse<String>> answer : answers) {
					HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
					statuses.add(response.statusCode());
					if (response.statusCode() == 409) {
						JsonNode error = ServerReplica.json(response);
						assertThat(error.get("currentVersion").asLong()).isEqualTo(expected + 1);
						assertThat(error.get("error").asText()).contains("expected version " + expected);
					}
				}
				assertThat(statuses).as("If-Match: \"%d\"", expected)
					.containsExactlyInAnyOrder((expected == 0) ? 201 : 200, 409);
			}
		}
		finally {
			writers.shutdownNow();
		}
		JsonNode history = ServerReplica.json(replicaB.get("/api/v1/configs/raced/dev/releases"));
		assertThat(history).extracting((release) -> release.get("version").asLong()).containsExactly(5L, 4L, 3L, 2L,
				1L);
	}

	@Test
	void eachReplicaListsTheInstancesOfBothWithTheReplicaTheyAreConnectedTo() {
		replicaA.publish("listed", "dev", Map.of("a", "1"));
		SyncClient onB = replicaB.autoAckingClient().subscribe("listed", "dev", "on-b");
		SyncClient onA = replicaA.autoAckingClient().subscribe("listed", "dev", "on-a");
		await().atMost(PROMPTLY).until(() -> onA.heldVersion() == 1 && onB.heldVersion() == 1);

		for (ServerReplica replica : List.of(replicaA, replicaB)) {
			await().atMost(PROMPTLY).untilAsserted(() -> {
				JsonNode instances = replica.instances("listed", "dev");
				assertThat(instances).extracting((i) -> i.get("instanceId").asText() + "@" + i.get("serverId").asText())
					.containsExactly("on-a@replica-a", "on-b@replica-b");
				assertThat(instances).allSatisfy((i) -> {
					assertThat(i.get("status").asText()).isEqualTo("ACKED");
					assertThat(i.get("ackedVersion").asLong()).isEqualTo(1);
					assertThat(i.get("host").asText()).isEqualTo("test-host");
					assertThat(i.get("labels").get("region").asText()).isEqualTo("us-west");
				});
			});
		}

		onB.close();

		await().atMost(PROMPTLY).untilAsserted(() -> assertThat(replicaA.instances("listed", "dev"))
			.extracting((i) -> i.get("instanceId").asText())
			.containsExactly("on-a"));
	}

	@Test
	void aClientThatMovesToTheOtherReplicaIsListedOnceWithItsNewReplicaEvenAfterTheOldSessionEnds() {
		replicaA.publish("moved", "dev", Map.of("a", "1"));
		SyncClient before = replicaA.autoAckingClient().subscribe("moved", "dev", "mover");
		await().atMost(PROMPTLY)
			.untilAsserted(() -> assertThat(replicaB.instances("moved", "dev")).singleElement()
				.satisfies((i) -> assertThat(i.get("serverId").asText()).isEqualTo("replica-a")));

		// the client reconnects to B while its old session on A still lingers and heartbeats
		SyncClient after = replicaB.autoAckingClient().subscribe("moved", "dev", "mover", 1, before.heldChecksum(),
				before.held());
		await().atMost(PROMPTLY)
			.untilAsserted(() -> assertThat(replicaB.instances("moved", "dev")).singleElement()
				.satisfies((i) -> assertThat(i.get("serverId").asText()).isEqualTo("replica-b")));
		before.heartbeat(1, before.heldChecksum());
		before.close();

		// over more than one heartbeat tick (a third of the 3 s lease) of replica A
		await().during(Duration.ofMillis(1500))
			.atMost(PROMPTLY)
			.untilAsserted(() -> assertThat(replicaA.instances("moved", "dev")).singleElement()
				.satisfies((i) -> assertThat(i.get("serverId").asText()).isEqualTo("replica-b")));
		assertThat(after.closedWith()).isNull();
	}

	@Test
	void aTokenCreatedOnOneReplicaIsAcceptedAndRevokedOnTheOther() {
		assertThat(replicaA.publish("shared", "dev", Map.of("a", "1")).statusCode()).isEqualTo(201);
		String secret = ServerReplica.json(replicaA.call("POST", "/api/v1/tokens",
				"{\"name\": \"shared-client\", \"role\": \"client\", \"apps\": [\"shared\"], \"envs\": [\"dev\"]}",
				TestTokens.ADMIN))
			.path("token")
			.asText();
		assertThat(secret).startsWith("mcp_");

		await().atMost(PROMPTLY)
			.until(() -> replicaB.call("GET", "/api/v1/configs/shared/dev", null, secret).statusCode() == 403);
		SyncClient onB = replicaB.autoAckingClient(secret).subscribe("shared", "dev", "client-on-b");
		await().atMost(PROMPTLY).until(() -> onB.heldVersion() == 1);

		assertThat(replicaA.call("DELETE", "/api/v1/tokens/shared-client", null, TestTokens.ADMIN).statusCode())
			.isEqualTo(204);

		Status closed = onB.awaitClosed(PROMPTLY);
		assertThat(closed.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(replicaB.call("GET", "/api/v1/configs/shared/dev", null, secret).statusCode()).isEqualTo(401);
	}

	@Test
	void bothReplicasShowTheSameAuditLogWhicheverRecordedIt() {
		assertThat(replicaA.publish("audited", "dev", Map.of("a", "1")).statusCode()).isEqualTo(201);
		assertThat(replicaB.publish("audited", "dev", Map.of("a", "2")).statusCode()).isEqualTo(200);
		assertThat(replicaB.call("POST", "/api/v1/tokens",
				"{\"name\": \"audited-reader\", \"role\": \"reader\", \"apps\": [\"audited\"], \"envs\": [\"dev\"]}",
				TestTokens.ADMIN)
			.statusCode()).isEqualTo(201);
		assertThat(replicaA.call("DELETE", "/api/v1/tokens/audited-reader", null, TestTokens.ADMIN).statusCode())
			.isEqualTo(204);

		JsonNode releases = ServerReplica.json(replicaA.get("/api/v1/audit?app=audited"));
		assertThat(releases.get("entries")).extracting((entry) -> entry.get("version").asLong())
			.containsExactly(2L, 1L);
		assertThat(releases.get("entries").get(0).get("changes").get("modified").get(0).get("newValue").asText())
			.isEqualTo("2");
		JsonNode tokens = ServerReplica.json(replicaB.get("/api/v1/audit?size=100"));
		List<String> tokenActions = new ArrayList<>();
		tokens.get("entries").forEach((entry) -> {
			if (entry.path("token").path("name").asText().equals("audited-reader")) {
				tokenActions.add(entry.get("action").asText());
			}
		});
		assertThat(tokenActions).containsExactly("token-revoke", "token-create");
		assertThat(ServerReplica.json(replicaB.get("/api/v1/audit?app=audited"))).isEqualTo(releases);
		assertThat(ServerReplica.json(replicaA.get("/api/v1/audit?size=100"))).isEqualTo(tokens);
	}

	@Test
	void theSameNameCannotBeCreatedOnBothReplicas() {
		String body = "{\"name\": \"once\", \"role\": \"reader\", \"apps\": [\"*\"], \"envs\": [\"*\"]}";
		assertThat(replicaA.call("POST", "/api/v1/tokens", body, TestTokens.ADMIN).statusCode()).isEqualTo(201);
		assertThat(replicaB.call("POST", "/api/v1/tokens", body, TestTokens.ADMIN).statusCode()).isEqualTo(409);
	}

	@Test
	void anInstanceIdLiveOnOneReplicaCannotBeTakenThroughTheOtherButItsInstanceMayFailOver() {
		assertThat(replicaA.publish("claimed", "dev", Map.of("a", "1")).statusCode()).isEqualTo(201);
		String own = token(replicaA, "claimed-own");
		String other = token(replicaA, "claimed-other");
		SyncClient onA = replicaA.autoAckingClient(own).subscribe("claimed", "dev", "i-claimed");
		await().atMost(PROMPTLY).until(() -> onA.heldVersion() == 1);
		// B sees A's live record (A writes its registry to etcd) and knows the tokens made on A
		await().atMost(PROMPTLY).until(() -> replicaB.instances("claimed", "dev").size() == 1);
		await().atMost(PROMPTLY)
			.until(() -> replicaB.call("GET", "/api/v1/configs/claimed/dev", null, other).statusCode() == 403);

		SyncClient intruder = replicaB.autoAckingClient(other).subscribe("claimed", "dev", "i-claimed");

		assertThat(intruder.awaitClosed(PROMPTLY).getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
		assertThat(replicaB.instances("claimed", "dev").get(0).get("serverId").asText()).isEqualTo("replica-a");

		// the same instance (same host, same token) failing over to B is let in at once
		SyncClient failedOver = replicaB.autoAckingClient(own).subscribe("claimed", "dev", "i-claimed");
		await().atMost(PROMPTLY).until(() -> failedOver.heldVersion() == 1);
		assertThat(failedOver.closedWith()).isNull();
	}

	private static String token(ServerReplica replica, String name) {
		return ServerReplica.json(replica.call("POST", "/api/v1/tokens",
				"{\"name\": \"" + name + "\", \"role\": \"client\", \"apps\": [\"claimed\"], \"envs\": [\"dev\"]}",
				TestTokens.ADMIN))
			.path("token")
			.asText();
	}

}
