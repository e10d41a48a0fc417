package io.mcpconfig.server.cluster;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.HeartbeatAck;
import io.mcpconfig.server.TestTokens;
import io.mcpconfig.server.sync.SyncClient;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import io.mcpconfig.testsupport.etcd.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Faults under two real server replicas: a replica stops, is cut off from etcd or
 * restarts, and etcd itself goes down. What must hold: other replicas stop listing the
 * instances of a replica that is gone, no release is missed, publishing fails clearly
 * and whole while etcd is down, connected clients keep their sessions but are not told
 * they are current (their heartbeats are answered that the store is unavailable, with no
 * release named, so a client moves to another replica if it knows one), and delivery
 * resumes by itself on the same sessions.
 */
class ReplicaFailoverTests {

	private static final Duration LEASE_TTL = Duration.ofSeconds(2);

	/** The answer of a replica cut off from its store: no release named. */
	private static final Consumer<HeartbeatAck> UNCONFIRMED = (answer) -> {
		assertThat(answer.getStoreUnavailable()).isTrue();
		assertThat(answer.getCurrentVersion()).isZero();
		assertThat(answer.getCurrentChecksum()).isEmpty();
		assertThat(answer.getUpdatePending()).isFalse();
	};

	@RegisterExtension
	static EtcdCluster etcd = EtcdCluster.singleMember();

	private final String prefix = "/mcp-test-" + UUID.randomUUID() + "/";

	private final List<AutoCloseable> started = new ArrayList<>();

	@AfterEach
	void stopAll() throws Exception {
		for (int i = this.started.size() - 1; i >= 0; i--) {
			this.started.get(i).close();
		}
	}

	@Test
	void theInstancesOfAReplicaCutOffFromEtcdExpireWithItsLeaseAndReturnWithWhatWasMissed() throws Exception {
		TcpProxy bToEtcd = TcpProxy.to(etcd.clientPort(0));
		this.started.add(bToEtcd);
		ServerReplica a = replica("replica-a", etcd.clientEndpoints());
		ServerReplica b = replica("replica-b", List.of(bToEtcd.endpoint()));
		a.publish("cut", "dev", Map.of("a", "1"));
		SyncClient onB = b.autoAckingClient().subscribe("cut", "dev", "on-b");
		await().atMost(Duration.ofSeconds(5)).until(() -> onB.heldVersion() == 1 && a.instances("cut", "dev").size() == 1);

		bToEtcd.cut();

		// B is alive but etcd no longer hears from it: its lease expires, and its keys with it
		await().atMost(LEASE_TTL.plusSeconds(5)).until(() -> a.instances("cut", "dev").isEmpty());
		assertThat(a.publish("cut", "dev", Map.of("a", "2")).statusCode()).isEqualTo(200);
		// B cannot know of version 2 (once it has looked): it does not confirm version 1
		// either, nor close the session
		await().atMost(Duration.ofSeconds(10)).until(() -> b.get("/actuator/health").statusCode() == 503);
		assertThat(awaitHeartbeatUnconfirmed(onB).getServerId()).isEqualTo("replica-b");

		bToEtcd.restore();

		// B grants a new lease, registers its instance again and resumes its watch
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(onB.heldVersion()).isEqualTo(2);
			assertThat(a.instances("cut", "dev")).singleElement().satisfies((i) -> {
				assertThat(i.get("instanceId").asText()).isEqualTo("on-b");
				assertThat(i.get("serverId").asText()).isEqualTo("replica-b");
				assertThat(i.get("ackedVersion").asLong()).isEqualTo(2);
			});
		});
		assertThat(awaitHeartbeatConfirmed(onB).getServerId()).isEqualTo("replica-b");
	}

	@Test
	void aStoppedReplicaLeavesTheListAtOnceAndOnRestartGivesItsClientsWhatWasPublishedMeanwhile() throws Exception {
		ServerReplica a = replica("replica-a", etcd.clientEndpoints());
		ServerReplica b = replica("replica-b", etcd.clientEndpoints());
		a.publish("restart", "dev", Map.of("a", "1", "b", "1"));
		SyncClient before = b.autoAckingClient().subscribe("restart", "dev", "on-b");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> before.heldVersion() == 1 && a.instances("restart", "dev").size() == 1);

		b.close();

		assertThat(before.awaitClosed(Duration.ofSeconds(5)).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		// B revoked its lease as it stopped: its instance is gone before the TTL is up
		await().atMost(LEASE_TTL).until(() -> a.instances("restart", "dev").isEmpty());
		assertThat(a.publish("restart", "dev", Map.of("a", "2", "b", "1")).statusCode()).isEqualTo(200);

		ServerReplica restarted = replica("replica-b", etcd.clientEndpoints());
		SyncClient after = restarted.autoAckingClient()
			.subscribe("restart", "dev", "on-b", 1, before.heldChecksum(), before.held());
		await().atMost(Duration.ofSeconds(5)).until(() -> after.heldVersion() == 2);
		ConfigUpdate update = after.updates().get(0);
		assertThat(update.getFull()).isFalse();
		assertThat(update.getBaseVersion()).isEqualTo(1);
		assertThat(after.held()).isEqualTo(Map.of("a", "2", "b", "1"));
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(a.instances("restart", "dev"))
			.singleElement()
			.satisfies((i) -> assertThat(i.get("serverId").asText()).isEqualTo("replica-b")));
	}

	@Test
	void whileEtcdIsDownPublishingAnswers503HealthIsDownAndSessionsStayOpenThenDeliveryResumes() throws Exception {
		ServerReplica a = replica("replica-a", etcd.clientEndpoints());
		ServerReplica b = replica("replica-b", etcd.clientEndpoints());
		a.publish("outage", "dev", Map.of("a", "1"));
		SyncClient onB = b.autoAckingClient().subscribe("outage", "dev", "on-b");
		await().atMost(Duration.ofSeconds(5)).until(() -> onB.heldVersion() == 1);

		etcd.stop(0);

		// each of these waits for etcd up to mcp.server.etcd.timeout: all at once
		ExecutorService callers = Executors.newFixedThreadPool(4);
		this.started.add(callers::shutdownNow);
		Future<HttpResponse<String>> publish = callers.submit(() -> a.publish("outage", "dev", Map.of("a", "lost")));
		Future<HttpResponse<String>> instances = callers
			.submit(() -> b.get("/api/v1/configs/outage/dev/instances"));
		Future<Throwable> fetch = callers.submit(() -> catchThrowable(() -> b.fetch("outage", "dev")));
		SyncClient newcomer = b.manualClient().subscribe("outage", "dev", "newcomer");

		HttpResponse<String> refused = publish.get(10, TimeUnit.SECONDS);
		assertThat(refused.statusCode()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		assertThat(ServerReplica.json(refused).get("error").asText())
			.startsWith("the release store is unavailable, nothing was stored: etcd ")
			// how long it waited in all, not one attempt's share
			.contains(" attempts in ", "mcp.server.etcd.timeout is 2000 ms");
		assertThat(instances.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
		assertThat(ServerReplica.json(instances.get()).get("error").asText())
			.startsWith("the release store is unavailable: etcd ");
		assertThat(fetch.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(StatusRuntimeException.class, (ex) -> {
			assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
			assertThat(ex.getStatus().getDescription()).startsWith("the release store is unavailable: etcd ")
				.endsWith("keep the configuration you hold and try again");
		});
		Status refusedSession = newcomer.awaitClosed(Duration.ofSeconds(10));
		assertThat(refusedSession.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		// etcd's own error, or the store's last failed availability check
		assertThat(refusedSession.getDescription()).startsWith("the release store is unavailable: ");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			HttpResponse<String> health = a.get("/actuator/health");
			assertThat(health.statusCode()).isEqualTo(503);
			JsonNode store = ServerReplica.json(health).get("components").get("etcdStore");
			assertThat(store.get("status").asText()).isEqualTo("DOWN");
			assertThat(store.get("details").get("reason").asText()).startsWith("etcd ");
		});
		// the connected client keeps its session and what it holds, unconfirmed
		await().atMost(Duration.ofSeconds(10)).until(() -> b.get("/actuator/health").statusCode() == 503);
		awaitHeartbeatUnconfirmed(onB);

		etcd.start(0);

		await().atMost(Duration.ofSeconds(30)).until(() -> a.get("/actuator/health").statusCode() == 200);
		assertThat(a.publish("outage", "dev", Map.of("a", "2")).statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(15)).until(() -> onB.heldVersion() == 2);
		assertThat(onB.held()).isEqualTo(Map.of("a", "2"));
		assertThat(onB.closedWith()).isNull();
		assertThat(awaitHeartbeatConfirmed(onB).getCurrentVersion()).isEqualTo(2);
		JsonNode history = ServerReplica.json(b.get("/api/v1/configs/outage/dev/releases"));
		assertThat(history).extracting((release) -> release.get("properties").get("a").asText())
			.containsExactly("2", "1");
	}

	@Test
	void whileEtcdIsDownReconnectingClientsDoNotHoldUpTheOpenSessionsWhichAreAnsweredAgainAtOnceWhenItIsBack()
			throws Exception {
		// two session threads; every subscribe's store read may wait the whole etcd timeout
		ServerReplica a = ServerReplica.start("replica-a", etcd.clientEndpoints(), this.prefix,
				"mcp.server.etcd.timeout=3s", "mcp.server.sync.threads=2", "mcp.server.sync.instance-expiry=60s");
		this.started.add(a);
		a.publish("busy", "dev", Map.of("a", "1"));
		SyncClient open = a.autoAckingClient().subscribe("busy", "dev", "open");
		await().atMost(Duration.ofSeconds(5)).until(() -> open.heldVersion() == 1);

		etcd.stop(0);

		List<SyncClient> reconnecting = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			reconnecting.add(a.manualClient().subscribe("busy", "dev", "reconnecting-" + i));
		}
		// once the replica has found etcd gone, heartbeats paced like a client's, so they span
		// the reads (8 x 3 s): never confirmed, the session stays open
		await().atMost(Duration.ofSeconds(10)).until(() -> a.get("/actuator/health").statusCode() == 503);
		for (int beat = 1; beat <= 5; beat++) {
			int answered = beat;
			open.heartbeat(open.heldVersion(), open.heldChecksum());
			// answered at once, not after the reads of the reconnecting clients (8 x 3 s)
			await().atMost(Duration.ofSeconds(1)).until(() -> open.heartbeatAcks().size() == answered);
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(1)).until(() -> open.closedWith() == null);
		}
		assertThat(open.heartbeatAcks()).allSatisfy(UNCONFIRMED);
		for (SyncClient client : reconnecting) {
			assertThat(client.awaitClosed(Duration.ofSeconds(15)).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		}

		etcd.start(0);

		// answered as soon as the store answers its check, not after the reconnecting clients' reads
		assertThat(awaitHeartbeatConfirmed(open).getCurrentVersion()).isEqualTo(1);
		assertThat(open.closedWith()).isNull();
	}

	@Test
	void aReplicaStartedWhileEtcdIsDownAnswersAStoredTokenUnavailableNotInvalid() throws Exception {
		ServerReplica a = replica("replica-a", etcd.clientEndpoints());
		String secret = ServerReplica.json(a.call("POST", "/api/v1/tokens",
				"{\"name\":\"orders-client\",\"role\":\"client\",\"apps\":[\"orders\"],\"envs\":[\"dev\"]}", TestTokens.ADMIN))
			.get("token")
			.asText();
		a.close();
		etcd.stop(0);

		ServerReplica late = replica("replica-late", etcd.clientEndpoints());
		HttpResponse<String> read = late.call("GET", "/api/v1/configs", null, secret);
		assertThat(read.statusCode()).isEqualTo(503);
		assertThat(ServerReplica.json(read).get("error").asText()).startsWith("this center has not been able to read"
				+ " its tokens yet");
		// a client is told to try again (or another center), not that its token is bad
		Status refused = late.autoAckingClient(secret).subscribe("orders", "dev", "i-1").awaitClosed(Duration.ofSeconds(10));
		assertThat(refused.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		// the configured admin token needs no store
		assertThat(late.get("/api/v1/tokens").statusCode()).isEqualTo(200);

		etcd.start(0);
		// known once the tokens are read: a client token, refused the admin API for its role
		await().atMost(Duration.ofSeconds(15))
			.until(() -> late.call("GET", "/api/v1/configs", null, secret).statusCode() == 403);
	}

	@Test
	void afterALongEtcdOutageAReplicaServesAgainAsSoonAsEtcdDoes() throws Exception {
		ServerReplica a = replica("replica-a", etcd.clientEndpoints());
		a.publish("long", "dev", Map.of("a", "1"));

		etcd.stop(0);
		await().atMost(Duration.ofSeconds(10)).until(() -> a.get("/actuator/health").statusCode() == 503);
		// the etcd channel's own reconnect back-off (1 s, 1.6 s, 2.6 s, ...) tries at about 26 s
		// and then about 43 s after the stop: left to run its course, it ends long after etcd
		// is back at about 30 s
		await().pollDelay(Duration.ofSeconds(28)).atMost(Duration.ofSeconds(29)).until(() -> true);
		etcd.start(0);

		await().atMost(Duration.ofSeconds(4)).until(() -> a.get("/actuator/health").statusCode() == 200);
		assertThat(a.publish("long", "dev", Map.of("a", "2")).statusCode()).isEqualTo(200);
	}

	/**
	 * Heartbeats, as a client sends them, until one is answered with a release: the one
	 * that finds the store's last check failed starts the next check, and is itself answered
	 * that the store is unavailable.
	 */
	private static HeartbeatAck awaitHeartbeatConfirmed(SyncClient client) {
		return awaitHeartbeatAnswered(client, (answer) -> !answer.getStoreUnavailable());
	}

	/**
	 * Heartbeats until one is answered by a replica cut off from its store: answered, with
	 * no release named, and the session kept open.
	 */
	private static HeartbeatAck awaitHeartbeatUnconfirmed(SyncClient client) {
		HeartbeatAck answer = awaitHeartbeatAnswered(client, HeartbeatAck::getStoreUnavailable);
		UNCONFIRMED.accept(answer);
		assertThat(client.closedWith()).isNull();
		return answer;
	}

	private static HeartbeatAck awaitHeartbeatAnswered(SyncClient client, Predicate<HeartbeatAck> wanted) {
		// a heartbeat whose answer is slow is sent again, as a client does
		await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(() -> {
			int answered = client.heartbeatAcks().size();
			client.heartbeat(client.heldVersion(), client.heldChecksum());
			await().atMost(Duration.ofSeconds(2)).until(() -> client.heartbeatAcks().size() > answered);
			assertThat(client.heartbeatAcks().get(client.heartbeatAcks().size() - 1)).matches(wanted);
		});
		return client.heartbeatAcks().get(client.heartbeatAcks().size() - 1);
	}

	private ServerReplica replica(String id, List<String> endpoints) {
		ServerReplica replica = ServerReplica.start(id, endpoints, this.prefix,
				"mcp.server.etcd.lease-ttl=" + LEASE_TTL.toSeconds() + "s", "mcp.server.etcd.timeout=2s",
				// the test clients send heartbeats only when a test says so
				"mcp.server.sync.instance-expiry=60s");
		this.started.add(replica);
		return replica;
	}

}
