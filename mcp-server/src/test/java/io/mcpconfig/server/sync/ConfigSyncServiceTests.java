package io.mcpconfig.server.sync;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1alpha.ServerReflectionGrpc;
import io.grpc.reflection.v1alpha.ServerReflectionRequest;
import io.grpc.reflection.v1alpha.ServerReflectionResponse;
import io.grpc.reflection.v1alpha.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.protocol.v1.ConfigServiceGrpc;
import io.mcpconfig.protocol.v1.ConfigSnapshot;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.FetchRequest;
import io.mcpconfig.protocol.v1.HeartbeatAck;
import io.mcpconfig.protocol.v1.InstanceInfo;
import io.mcpconfig.protocol.v1.NackCode;
import io.mcpconfig.server.ServerId;
import io.mcpconfig.server.TestTokens;
import io.mcpconfig.server.instance.Instance;
import io.mcpconfig.server.instance.InstanceRegistry;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/** The Sync and Fetch calls with a real gRPC client against the started server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "mcp.server.sync.ack-timeout=500ms", "mcp.server.max-history=5",
				"mcp.server.id=test-replica" })
@Import(GrpcServerPort.class)
@DirtiesContext
class ConfigSyncServiceTests extends StartedCenterTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(DEADLINE).build();

	@LocalServerPort
	int httpPort;

	@Autowired
	ReleaseStore store;

	@Autowired
	InstanceRegistry instances;

	@Autowired
	ServerId serverId;

	private ManagedChannel channel;

	@BeforeEach
	void connect() {
		channel = adminChannel();
	}

	private SyncClient manual() {
		return track(SyncClient.manual(channel));
	}

	private SyncClient autoAcking() {
		return track(SyncClient.autoAcking(channel));
	}

	private Release publish(String app, Map<String, String> properties) {
		return store.publish(PublishRequest.of(new Target(app, "dev"), properties));
	}

	// --- subscribe ---

	@Test
	void subscriberHoldingNothingGetsTheFullCurrentConfiguration() {
		Release release = publish("full", Map.of("a", "1", "b", "2"));
		SyncClient client = manual().subscribe("full", "dev", "i-1");
		ConfigUpdate update = client.awaitUpdate(1);
		assertThat(update.getFull()).isTrue();
		assertThat(update.getVersion()).isEqualTo(1);
		assertThat(update.getUpsertsMap()).isEqualTo(Map.of("a", "1", "b", "2"));
		assertThat(update.getRemovalsList()).isEmpty();
		assertThat(update.getChecksum()).isEqualTo(release.checksum());
		assertThat(update.getTarget().getApp()).isEqualTo("full");
		assertThat(update.getOrigin()).isEqualTo("release");
		assertThat(update.getPublishedAtMillis()).isEqualTo(release.publishedAt().toEpochMilli());
		assertThat(update.getNonce()).isNotEmpty();
	}

	@Test
	void subscriberOfATargetWithoutReleasesGetsTheFirstPublishPushed() {
		SyncClient client = autoAcking().subscribe("first", "dev", "i-1");
		await().atMost(DEADLINE).until(() -> sessionsOf("first") == 1);
		assertThat(client.updates()).isEmpty();
		publish("first", Map.of("a", "1"));
		await().atMost(DEADLINE).until(() -> client.heldVersion() == 1);
		assertThat(client.held()).isEqualTo(Map.of("a", "1"));
	}

	@Test
	void publishOverTheAdminApiIsPushedToSubscribers() throws Exception {
		publish("overhttp", Map.of("a", "1"));
		SyncClient client = autoAcking().subscribe("overhttp", "dev", "i-1");
		await().atMost(DEADLINE).until(() -> client.heldVersion() == 1);
		HttpResponse<String> put = HTTP
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/v1/configs/overhttp/dev"))
				.header("Authorization", TestTokens.adminBearer())
				.header("Content-Type", "application/yaml")
				.timeout(DEADLINE)
				.PUT(HttpRequest.BodyPublishers.ofString("a: 2\nb:\n  c: 3\n"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(put.statusCode()).isEqualTo(200);
		await().atMost(DEADLINE).until(() -> client.heldVersion() == 2);
		assertThat(client.held()).isEqualTo(Map.of("a", "2", "b.c", "3"));
	}

	@Test
	void subscriberHoldingARetainedVersionGetsADelta() {
		Release v1 = publish("delta", Map.of("a", "1", "b", "2", "c", "3"));
		Release v2 = publish("delta", Map.of("a", "1", "b", "20", "d", "4"));
		SyncClient client = manual().subscribe("delta", "dev", "i-1", 1, v1.checksum(), v1.properties());
		ConfigUpdate update = client.awaitUpdate(1);
		assertThat(update.getFull()).isFalse();
		assertThat(update.getBaseVersion()).isEqualTo(1);
		assertThat(update.getVersion()).isEqualTo(2);
		assertThat(update.getUpsertsMap()).isEqualTo(Map.of("b", "20", "d", "4"));
		assertThat(update.getRemovalsList()).containsExactly("c");
		Map<String, String> applied = SyncClient.apply(v1.properties(), 1, update);
		assertThat(applied).isEqualTo(v2.properties());
		assertThat(update.getChecksum()).isEqualTo(ConfigChecksum.of(applied)).isEqualTo(v2.checksum());
	}

	@Test
	void subscriberHoldingTheRightVersionWithAWrongChecksumGetsFull() {
		publish("wrongsum", Map.of("a", "1"));
		publish("wrongsum", Map.of("a", "2"));
		SyncClient client = manual().subscribe("wrongsum", "dev", "i-1", 1, ConfigChecksum.of(Map.of("a", "x")),
				Map.of("a", "x"));
		ConfigUpdate update = client.awaitUpdate(1);
		assertThat(update.getFull()).isTrue();
		assertThat(update.getUpsertsMap()).isEqualTo(Map.of("a", "2"));
	}

	@Test
	void subscriberHoldingAVersionNoLongerRetainedGetsFull() {
		Release first = publish("expired", Map.of("a", "0"));
		for (int i = 1; i <= 6; i++) {
			publish("expired", Map.of("a", String.valueOf(i)));
		}
		assertThat(store.release(new Target("expired", "dev"), 1)).isEmpty();
		SyncClient client = manual().subscribe("expired", "dev", "i-1", 1, first.checksum(), first.properties());
		ConfigUpdate update = client.awaitUpdate(1);
		assertThat(update.getFull()).isTrue();
		assertThat(update.getVersion()).isEqualTo(7);
	}

	@Test
	void subscriberHoldingTheCurrentVersionWithAnotherChecksumGetsFull() {
		// after a store restore, the version a client applied can be given again to other content
		publish("restored", Map.of("a", "1"));
		Release current = publish("restored", Map.of("a", "2"));
		SyncClient client = manual().subscribe("restored", "dev", "i-1", 2, ConfigChecksum.of(Map.of("a", "lost")),
				Map.of("a", "lost"));
		ConfigUpdate update = client.awaitUpdate(1);
		assertThat(update.getFull()).isTrue();
		// the same version with other content is applied without the mark
		assertThat(update.getReplacesNewer()).isFalse();
		assertThat(update.getVersion()).isEqualTo(2);
		assertThat(update.getChecksum()).isEqualTo(current.checksum());
		assertThat(update.getUpsertsMap()).isEqualTo(Map.of("a", "2"));
	}

	@Test
	void subscriberHoldingAVersionAheadOfTheStoreGetsTheCurrentReleaseInFull() {
		// releases the client applied were lost (a store restored from an older backup)
		publish("regressed", Map.of("a", "1"));
		Release current = publish("regressed", Map.of("a", "2"));
		SyncClient client = manual().subscribe("regressed", "dev", "i-1", 5, ConfigChecksum.of(Map.of("a", "5")),
				Map.of("a", "5"));
		ConfigUpdate update = client.awaitUpdate(1);
		assertThat(update.getFull()).isTrue();
		assertThat(update.getReplacesNewer()).isTrue();
		assertThat(update.getVersion()).isEqualTo(2);
		assertThat(update.getChecksum()).isEqualTo(current.checksum());
		assertThat(update.getUpsertsMap()).isEqualTo(Map.of("a", "2"));
		// what an operator looks for after a restore: instances ahead of the current version
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(instances.list(new Target("regressed", "dev")))
			.singleElement()
			.satisfies((instance) -> {
				assertThat(instance.status()).isEqualTo(Instance.Status.PENDING);
				assertThat(instance.ackedVersion()).isEqualTo(5);
			}));
	}

	@Test
	void clientAheadOfTheStoreIsToldToReplaceItsNewerReleaseUntilItAcknowledges() {
		publish("ahead", Map.of("a", "1"));
		SyncClient client = manual().subscribe("ahead", "dev", "i-1", 5, ConfigChecksum.of(Map.of("a", "5")),
				Map.of("a", "5"));
		ConfigUpdate first = client.awaitUpdate(1);
		assertThat(first.getVersion()).isEqualTo(1);
		assertThat(first.getFull()).isTrue();
		assertThat(first.getReplacesNewer()).isTrue();
		// like any push, re-sent until answered
		ConfigUpdate resent = client.awaitUpdate(2);
		assertThat(resent).isEqualTo(first);
		client.ack(resent);
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(instances.list(new Target("ahead", "dev")))
			.singleElement()
			.satisfies((instance) -> {
				assertThat(instance.status()).isEqualTo(Instance.Status.ACKED);
				assertThat(instance.ackedVersion()).isEqualTo(1);
			}));
		// from there on the client is behind as usual: a delta, not marked
		int seen = client.updates().size();
		Release next = publish("ahead", Map.of("a", "2"));
		ConfigUpdate update = client.awaitUpdate(seen + 1);
		assertThat(update.getVersion()).isEqualTo(next.version());
		assertThat(update.getFull()).isFalse();
		assertThat(update.getReplacesNewer()).isFalse();
	}

	@Test
	void heartbeatReportingAVersionAheadOfTheStoreGetsTheCurrentReleaseInFull() {
		Release release = publish("regressedbeat", Map.of("a", "1"));
		SyncClient client = manual().subscribe("regressedbeat", "dev", "i-1", 1, release.checksum(),
				release.properties());
		client.heartbeat(4, ConfigChecksum.of(Map.of("a", "4")));
		ConfigUpdate update = client.awaitUpdate(1);
		assertThat(update.getFull()).isTrue();
		assertThat(update.getVersion()).isEqualTo(1);
		assertThat(update.getUpsertsMap()).isEqualTo(Map.of("a", "1"));
	}

	@Test
	void subscriberAlreadyCurrentGetsNoUpdate() {
		Release release = publish("current", Map.of("a", "1"));
		SyncClient client = manual().subscribe("current", "dev", "i-1", 1, release.checksum(), release.properties());
		client.heartbeat(1, release.checksum());
		// the session handles messages in order: an update would have come before this answer
		HeartbeatAck ack = client.awaitHeartbeatAck(1);
		assertThat(ack.getCurrentVersion()).isEqualTo(1);
		assertThat(client.updates()).isEmpty();
	}

	// --- acks and nacks ---

	@Test
	void checksumMismatchNackIsAnsweredWithTheFullConfiguration() {
		Release v1 = publish("nackfull", Map.of("a", "1"));
		publish("nackfull", Map.of("a", "2", "b", "3"));
		SyncClient client = manual().subscribe("nackfull", "dev", "i-1", 1, v1.checksum(), v1.properties());
		ConfigUpdate delta = client.awaitUpdate(1);
		assertThat(delta.getFull()).isFalse();
		client.nack(delta, NackCode.CHECKSUM_MISMATCH, "checksum after apply differs");
		ConfigUpdate full = client.awaitUpdate(2);
		assertThat(full.getFull()).isTrue();
		assertThat(full.getVersion()).isEqualTo(2);
		assertThat(full.getUpsertsMap()).isEqualTo(Map.of("a", "2", "b", "3"));
		assertThat(full.getNonce()).isNotEqualTo(delta.getNonce());
	}

	@Test
	void baseMismatchNackIsAnsweredWithTheFullConfiguration() {
		Release v1 = publish("nackbase", Map.of("a", "1"));
		publish("nackbase", Map.of("a", "2"));
		SyncClient client = manual().subscribe("nackbase", "dev", "i-1", 1, v1.checksum(), v1.properties());
		client.nack(client.awaitUpdate(1), NackCode.BASE_MISMATCH, "I do not hold 1");
		assertThat(client.awaitUpdate(2).getFull()).isTrue();
	}

	@Test
	void unansweredUpdateIsSentAgainWithTheSameNonceUntilAcked() {
		publish("resend", Map.of("a", "1"));
		SyncClient client = manual().subscribe("resend", "dev", "i-1");
		ConfigUpdate first = client.awaitUpdate(1);
		ConfigUpdate again = client.awaitUpdate(2);
		assertThat(again).isEqualTo(first);
		client.ack(again);
		await().atMost(DEADLINE)
			.until(() -> instance("resend", "i-1").status() == Instance.Status.ACKED);
		int sent = client.updates().size();
		// three ack timeouts without a re-send
		await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
			.until(() -> client.updates().size() == sent);
		assertThat(instance("resend", "i-1").ackedVersion()).isEqualTo(1);
	}

	@Test
	void anInstanceThatRefusedAReleaseIsAckedAgainWhenARollbackGivesItWhatItHolds() {
		publish("recovered", Map.of("sample.max-connections", "10"));
		SyncClient client = manual().subscribe("recovered", "dev", "i-1");
		client.ack(client.awaitUpdate(1));
		await().atMost(DEADLINE).until(() -> instance("recovered", "i-1").status() == Instance.Status.ACKED);
		publish("recovered", Map.of("sample.max-connections", "lots"));
		client.nack(client.awaitUpdate(2), NackCode.APPLY_FAILED, "sample.max-connections: 'lots' is not a number");
		await().atMost(DEADLINE).until(() -> instance("recovered", "i-1").status() == Instance.Status.NACKED);

		// version 3 has the content of version 1, which it holds: nothing to send, and it runs it
		publish("recovered", Map.of("sample.max-connections", "10"));

		await().atMost(DEADLINE).untilAsserted(() -> {
			Instance instance = instance("recovered", "i-1");
			assertThat(instance.status()).isEqualTo(Instance.Status.ACKED);
			assertThat(instance.ackedVersion()).isEqualTo(1);
			// the refusal stays on record
			assertThat(instance.nackedVersion()).isEqualTo(2);
		});
		assertThat(client.updates()).hasSize(2);
	}

	@Test
	void applyFailedIsNotSentAgainAndTheRegistryShowsWhy() {
		publish("refused", Map.of("sample.max-connections", "lots"));
		SyncClient client = manual().subscribe("refused", "dev", "i-1");
		ConfigUpdate update = client.awaitUpdate(1);
		client.nack(update, NackCode.APPLY_FAILED, "sample.max-connections: 'lots' is not a number");
		await().atMost(DEADLINE).untilAsserted(() -> {
			Instance instance = instance("refused", "i-1");
			assertThat(instance.status()).isEqualTo(Instance.Status.NACKED);
			assertThat(instance.nackedVersion()).isEqualTo(1);
			assertThat(instance.nackReason()).contains("sample.max-connections: 'lots' is not a number");
		});
		client.heartbeat(0, "");
		// even with drift reported and three ack timeouts gone by: refused stays refused
		await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
			.until(() -> client.updates().size() == 1);
		publish("refused", Map.of("sample.max-connections", "10"));
		ConfigUpdate next = client.awaitUpdate(2);
		assertThat(next.getVersion()).isEqualTo(2);
		assertThat(next.getUpsertsMap()).containsEntry("sample.max-connections", "10");
	}

	@Test
	void staleAckIsIgnored() {
		publish("staleack", Map.of("a", "1"));
		SyncClient client = manual().subscribe("staleack", "dev", "i-1");
		ConfigUpdate update = client.awaitUpdate(1);
		client.ack(update.toBuilder().setNonce("not-a-nonce").build());
		client.heartbeat(0, "");
		client.awaitHeartbeatAck(1);
		assertThat(instance("staleack", "i-1").status()).isEqualTo(Instance.Status.PENDING);
	}

	// --- heartbeats ---

	@Test
	void heartbeatIsAnsweredWithWhatTheInstanceShouldHoldServerTimeAndServerId() {
		Release release = publish("heartbeat", Map.of("a", "1"));
		SyncClient client = autoAcking().subscribe("heartbeat", "dev", "i-1");
		await().atMost(DEADLINE).until(() -> client.heldVersion() == 1);
		long before = System.currentTimeMillis();
		client.heartbeat(1, release.checksum());
		HeartbeatAck ack = client.awaitHeartbeatAck(1);
		assertThat(ack.getCurrentVersion()).isEqualTo(1);
		assertThat(ack.getCurrentChecksum()).isEqualTo(release.checksum());
		assertThat(ack.getServerTimeMillis()).isBetween(before - 1000, System.currentTimeMillis() + 1000);
		assertThat(ack.getServerId()).isEqualTo("test-replica").isEqualTo(serverId.value());
	}

	@Test
	void heartbeatReportingAnOlderVersionGetsTheMissingDelta() {
		Release v1 = publish("drift", Map.of("a", "1"));
		Release v2 = publish("drift", Map.of("a", "2"));
		SyncClient client = manual().subscribe("drift", "dev", "i-1", 2, v2.checksum(), v2.properties());
		client.heartbeat(1, v1.checksum());
		ConfigUpdate repair = client.awaitUpdate(1);
		assertThat(repair.getFull()).isFalse();
		assertThat(repair.getBaseVersion()).isEqualTo(1);
		assertThat(repair.getVersion()).isEqualTo(2);
	}

	@Test
	void heartbeatReportingTheCurrentVersionWithAnotherChecksumGetsFull() {
		Release release = publish("driftsum", Map.of("a", "1"));
		SyncClient client = manual().subscribe("driftsum", "dev", "i-1", 1, release.checksum(), release.properties());
		client.heartbeat(1, ConfigChecksum.of(Map.of("a", "corrupted")));
		ConfigUpdate repair = client.awaitUpdate(1);
		assertThat(repair.getFull()).isTrue();
		assertThat(repair.getVersion()).isEqualTo(1);
		assertThat(repair.getUpsertsMap()).isEqualTo(Map.of("a", "1"));
	}

	@Test
	void heartbeatDoesNotRaceAnUpdateInFlight() {
		publish("inflight", Map.of("a", "1"));
		SyncClient client = manual().subscribe("inflight", "dev", "i-1");
		ConfigUpdate first = client.awaitUpdate(1);
		client.heartbeat(0, "");
		client.awaitHeartbeatAck(1);
		// re-sends after the ack timeout may land too, but never a second update for the drift
		assertThat(client.updates()).allSatisfy((update) -> assertThat(update).isEqualTo(first));
	}

	@Test
	void heartbeatAnswersSayWhetherAnUpdateIsOnItsWay() {
		Release v1 = publish("onitsway", Map.of("a", "1"));
		SyncClient client = manual().subscribe("onitsway", "dev", "i-1");
		ConfigUpdate update = client.awaitUpdate(1);
		client.heartbeat(0, "");
		HeartbeatAck unacknowledged = client.awaitHeartbeatAck(1);
		assertThat(unacknowledged.getCurrentVersion()).isEqualTo(1);
		assertThat(unacknowledged.getUpdatePending()).isTrue();
		client.ack(update);
		await().atMost(DEADLINE).until(() -> instance("onitsway", "i-1").status() == Instance.Status.ACKED);
		client.heartbeat(1, v1.checksum());
		HeartbeatAck acknowledged = client.awaitHeartbeatAck(2);
		assertThat(acknowledged.getCurrentVersion()).isEqualTo(1);
		assertThat(acknowledged.getUpdatePending()).isFalse();
	}

	// --- fan-out ---

	@Test
	void everySessionEndsOnTheLastVersionWhenPublishesRaceSubscriptions() throws Exception {
		int sessions = 20;
		int publishes = 30;
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			CountDownLatch start = new CountDownLatch(1);
			Future<Release> publisher = pool.submit(() -> {
				start.await();
				Release last = null;
				for (int i = 1; i <= publishes; i++) {
					Map<String, String> properties = new HashMap<>();
					properties.put("n", String.valueOf(i));
					properties.put("key" + (i % 7), "v" + i);
					last = publish("race", properties);
				}
				return last;
			});
			Future<List<SyncClient>> subscriber = pool.submit(() -> {
				start.await();
				List<SyncClient> subscribed = new ArrayList<>();
				for (int i = 0; i < sessions; i++) {
					subscribed.add(autoAcking().subscribe("race", "dev", "i-" + i));
				}
				return subscribed;
			});
			start.countDown();
			Release last = publisher.get(30, TimeUnit.SECONDS);
			List<SyncClient> subscribed = subscriber.get(30, TimeUnit.SECONDS);
			assertThat(last.version()).isEqualTo(publishes);
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				for (SyncClient client : subscribed) {
					assertThat(client.heldVersion()).isEqualTo(publishes);
				}
			});
			for (SyncClient client : subscribed) {
				assertThat(client.held()).isEqualTo(last.properties());
				assertThat(client.heldChecksum()).isEqualTo(last.checksum());
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void clientThatNeverReadsDoesNotHoldBackPublishesToOthers() {
		Map<String, String> big = new HashMap<>();
		for (int i = 0; i < 200; i++) {
			big.put("key" + i, "x".repeat(500));
		}
		publish("stuck", big);
		SyncClient stuck = track(SyncClient.neverReading(channel)).subscribe("stuck", "dev", "stuck");
		SyncClient healthy = autoAcking().subscribe("stuck", "dev", "healthy");
		await().atMost(DEADLINE).until(() -> sessionsOf("stuck") == 2);
		long started = System.nanoTime();
		for (int i = 1; i <= 30; i++) {
			big.put("n", String.valueOf(i));
			publish("stuck", big);
		}
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(DEADLINE);
		await().atMost(DEADLINE).until(() -> healthy.heldVersion() == 31);
		assertThat(healthy.held()).containsEntry("n", "30");
		assertThat(stuck.updates()).isEmpty();
		assertThat(stuck.closedWith()).isNull();
		// the center kept the slow reader's session instead of dropping it
		assertThat(sessionsOf("stuck")).isEqualTo(2);
	}

	// --- instance registry ---

	@Test
	void instancesEndpointListsConnectedInstancesWithTheirState() throws Exception {
		publish("registry", Map.of("a", "1"));
		SyncClient good = autoAcking().subscribe("registry", "dev", "i-good");
		SyncClient bad = manual().subscribe("registry", "dev", "i-bad");
		await().atMost(DEADLINE).until(() -> good.heldVersion() == 1);
		bad.nack(bad.awaitUpdate(1), NackCode.APPLY_FAILED, "a: rejected");
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode list = instancesOverHttp("registry");
			assertThat(list).hasSize(2);
			JsonNode nacked = list.get(0);
			assertThat(nacked.get("instanceId").asText()).isEqualTo("i-bad");
			assertThat(nacked.get("status").asText()).isEqualTo("NACKED");
			assertThat(nacked.get("nackedVersion").asLong()).isEqualTo(1);
			assertThat(nacked.get("nackReason").asText()).isEqualTo("APPLY_FAILED: a: rejected");
			JsonNode acked = list.get(1);
			assertThat(acked.get("instanceId").asText()).isEqualTo("i-good");
			assertThat(acked.get("status").asText()).isEqualTo("ACKED");
			assertThat(acked.get("ackedVersion").asLong()).isEqualTo(1);
			assertThat(acked.get("host").asText()).isEqualTo("test-host");
			assertThat(acked.get("app").asText()).isEqualTo("registry");
			assertThat(acked.get("env").asText()).isEqualTo("dev");
			assertThat(acked.get("labels").get("region").asText()).isEqualTo("us-west");
			assertThat(acked.get("clientVersion").asText()).isEqualTo("test");
			assertThat(acked.get("serverId").asText()).isEqualTo("test-replica");
			assertThat(acked.get("connectedSince").asText()).endsWith("Z");
			assertThat(acked.get("lastHeartbeat").asText()).endsWith("Z");
			assertThat(acked.has("target")).isFalse();
		});
		good.close();
		await().atMost(DEADLINE).until(() -> instancesOverHttp("registry").size() == 1);
		assertThat(instancesOverHttp("nobody")).isEmpty();
	}

	private JsonNode instancesOverHttp(String app) throws Exception {
		return getJson("/api/v1/configs/" + app + "/dev/instances");
	}

	private JsonNode getJson(String path) throws Exception {
		HttpResponse<String> response = HTTP
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
				.header("Authorization", TestTokens.adminBearer())
				.timeout(DEADLINE)
				.GET()
				.build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return new ObjectMapper().readTree(response.body());
	}

	// --- fetch and bad sessions ---

	@Test
	void fetchAnswersTheCurrentSnapshot() {
		Release release = publish("fetch", Map.of("a", "1"));
		ConfigSnapshot snapshot = ConfigServiceGrpc.newBlockingStub(channel)
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.fetch(FetchRequest.newBuilder()
				.setTarget(io.mcpconfig.protocol.v1.Target.newBuilder().setApp("fetch").setEnv("dev"))
				.setInstance(InstanceInfo.newBuilder().setInstanceId("i-1"))
				.build());
		assertThat(snapshot.getVersion()).isEqualTo(1);
		assertThat(snapshot.getChecksum()).isEqualTo(release.checksum());
		assertThat(snapshot.getPropertiesMap()).isEqualTo(Map.of("a", "1"));
		assertThat(snapshot.getOrigin()).isEqualTo("release");
		assertThat(snapshot.getPublishedAtMillis()).isEqualTo(release.publishedAt().toEpochMilli());
	}

	@Test
	void fetchOfATargetWithoutReleasesIsVersionZeroAndEmpty() {
		ConfigSnapshot snapshot = ConfigServiceGrpc.newBlockingStub(channel)
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.fetch(FetchRequest.newBuilder()
				.setTarget(io.mcpconfig.protocol.v1.Target.newBuilder().setApp("nothing").setEnv("dev"))
				.build());
		assertThat(snapshot.getVersion()).isZero();
		assertThat(snapshot.getPropertiesMap()).isEmpty();
		assertThat(snapshot.getChecksum()).isEqualTo(ConfigChecksum.EMPTY);
	}

	@Test
	void fetchOfAnInvalidTargetIsInvalidArgument() {
		Status refused = refusedFetch(FetchRequest.newBuilder()
			.setTarget(io.mcpconfig.protocol.v1.Target.newBuilder().setApp("bad app").setEnv("dev")));
		assertThat(refused.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(refused.getDescription()).contains("app 'bad app' is not allowed");
	}

	@Test
	void subscribeToAnInvalidTargetEndsTheSessionWithInvalidArgument() {
		SyncClient client = manual().subscribe("", "dev", "i-1");
		Status status = client.awaitClosed(DEADLINE);
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).contains("app must not be empty");
	}

	@Test
	void subscribeWithoutInstanceIdEndsTheSession() {
		Status status = manual().subscribe("orders", "dev", "").awaitClosed(DEADLINE);
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).contains("instance_id");
	}

	@Test
	void subscribeWithMoreLabelsThanAllowedEndsTheSessionNamingThemAndIsNotRegistered() {
		Map<String, String> labels = new HashMap<>();
		for (int i = 0; i <= InstanceInfoLimits.MAX_LABELS; i++) {
			labels.put("label-" + i, "x");
		}
		Status status = manual().labels(labels).subscribe("manylabels", "dev", "i-1").awaitClosed(DEADLINE);
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).isEqualTo("instance.labels has 65 entries, more than the 64 allowed");
		assertThat(instances.list(new Target("manylabels", "dev"))).isEmpty();
	}

	@Test
	void fetchWithALabelValueLongerThanAllowedIsInvalidArgumentNamingIt() {
		Status refused = refusedFetch(FetchRequest.newBuilder()
			.setTarget(io.mcpconfig.protocol.v1.Target.newBuilder().setApp("longlabel").setEnv("dev"))
			.setInstance(InstanceInfo.newBuilder().setInstanceId("i-1").putLabels("region", "r".repeat(257))));
		assertThat(refused.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(refused.getDescription())
			.isEqualTo("instance.labels['region'] is 257 characters long, more than the 256 allowed");
	}

	/** The status a fetch the center refuses ends with; it fails the test if the center answers. */
	private Status refusedFetch(FetchRequest.Builder request) {
		StatusRuntimeException refusal = catchThrowableOfType(StatusRuntimeException.class,
				() -> ConfigServiceGrpc.newBlockingStub(channel)
					.withDeadlineAfter(5, TimeUnit.SECONDS)
					.fetch(request.build()));
		assertThat(refusal).as("the fetch was answered").isNotNull();
		return refusal.getStatus();
	}

	@Test
	void aNackReasonLongerThanAllowedIsKeptShortened() {
		publish("longreason", Map.of("a", "1"));
		SyncClient client = manual().subscribe("longreason", "dev", "i-1");
		client.nack(client.awaitUpdate(1), NackCode.APPLY_FAILED, "why ".repeat(10_000));
		await().atMost(DEADLINE).untilAsserted(() -> {
			Instance instance = instance("longreason", "i-1");
			assertThat(instance.status()).isEqualTo(Instance.Status.NACKED);
			assertThat(instance.nackReason()).startsWith("APPLY_FAILED: why why")
				.endsWith("…")
				.hasSize("APPLY_FAILED: ".length() + InstanceInfoLimits.MAX_REASON_LENGTH);
		});
	}

	@Test
	void subscribeWithALineBreakInItsInstanceIdIsRefusedNamingTheFieldAndIsNotRegistered() {
		Status status = manual().subscribe("forged", "dev", "i-1\nINFO forged entry").awaitClosed(DEADLINE);
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription())
			.startsWith("instance.instance_id contains the control character U+000A at index 3");
		assertThat(instances.list(new Target("forged", "dev"))).isEmpty();
	}

	@Test
	void subscribeWithABidiOverrideInALabelIsRefusedNamingTheLabel() {
		Status status = manual().labels(Map.of("team", "payments\u202Esnigs"))
			.subscribe("bidi", "dev", "i-1")
			.awaitClosed(DEADLINE);
		assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(status.getDescription()).startsWith("instance.labels['team'] contains the control character U+202E");
	}

	@Test
	void fetchWithAControlCharacterInAProfileOrTheHostIsInvalidArgumentNamingIt() {
		Status profile = refusedFetch(FetchRequest.newBuilder()
			.setTarget(io.mcpconfig.protocol.v1.Target.newBuilder().setApp("ctlprofile").setEnv("dev"))
			.setInstance(InstanceInfo.newBuilder().setInstanceId("i-1").addProfiles("prod").addProfiles("a\rb")));
		assertThat(profile.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(profile.getDescription()).startsWith("instance.profiles[1] contains the control character U+000D");
		Status host = refusedFetch(FetchRequest.newBuilder()
			.setTarget(io.mcpconfig.protocol.v1.Target.newBuilder().setApp("ctlhost").setEnv("dev"))
			.setInstance(InstanceInfo.newBuilder().setInstanceId("i-1").setHost("h\u2066ost")));
		assertThat(host.getDescription()).startsWith("instance.host contains the control character U+2066");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aNackReasonIsLoggedAndKeptWithItsLineBreaksEscaped(CapturedOutput output) {
		publish("nackforged", Map.of("a", "1"));
		SyncClient client = manual().subscribe("nackforged", "dev", "i-1");
		client.nack(client.awaitUpdate(1), NackCode.APPLY_FAILED, "bad\r\nINFO forged entry\u0000");
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(instance("nackforged", "i-1").nackReason())
			.isEqualTo("APPLY_FAILED: bad\\r\\nINFO forged entry\\u0000"));
		assertThat(output.getAll()).contains("rejected version 1: APPLY_FAILED: bad\\r\\nINFO forged entry\\u0000")
			.doesNotContain("\nINFO forged entry");
	}

	@Test
	void messagesBeforeSubscribeOrASecondSubscribeEndTheSession() {
		Status early = manual().heartbeat(0, "").awaitClosed(DEADLINE);
		assertThat(early.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
		SyncClient twice = manual().subscribe("twice", "dev", "i-1").subscribe("twice", "dev", "i-1");
		assertThat(twice.awaitClosed(DEADLINE).getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
		await().atMost(DEADLINE).until(() -> sessionsOf("twice") == 0);
		assertThat(instances.list(new Target("twice", "dev"))).isEmpty();
	}

	@Test
	void clientThatHalfClosesGetsTheCallCompletedAndLeavesTheRegistry() {
		SyncClient client = manual().subscribe("halfclose", "dev", "i-1");
		await().atMost(DEADLINE).until(() -> instances.list(new Target("halfclose", "dev")).size() == 1);
		client.halfClose();
		assertThat(client.awaitClosed(DEADLINE).getCode()).isEqualTo(Status.Code.OK);
		assertThat(instances.list(new Target("halfclose", "dev"))).isEmpty();
		assertThat(sessionsOf("halfclose")).isZero();
	}

	@Test
	void emptyClientMessageEndsTheSessionWithInvalidArgumentAndLeavesTheRegistry() {
		SyncClient client = manual().subscribe("emptymessage", "dev", "i-1");
		await().atMost(DEADLINE).until(() -> instances.list(new Target("emptymessage", "dev")).size() == 1);
		client.send(io.mcpconfig.protocol.v1.ClientMessage.getDefaultInstance());
		assertThat(client.awaitClosed(DEADLINE).getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
		assertThat(instances.list(new Target("emptymessage", "dev"))).isEmpty();
	}

	@Test
	void cancelledSessionLeavesTheFanOutAndTheRegistry() {
		SyncClient client = manual().subscribe("cancel", "dev", "i-1");
		await().atMost(DEADLINE).until(() -> sessionsOf("cancel") == 1);
		client.close();
		await().atMost(DEADLINE).until(() -> sessionsOf("cancel") == 0);
		await().atMost(DEADLINE).until(() -> instances.list(new Target("cancel", "dev")).isEmpty());
	}

	// --- standard services ---

	@Test
	void actuatorHealthShowsTheGrpcServerListening() throws Exception {
		JsonNode grpcServer = getJson("/actuator/health").get("components").get("grpcServer");
		assertThat(grpcServer.get("status").asText()).isEqualTo("UP");
		assertThat(grpcServer.get("details").get("port").asInt()).isEqualTo(grpcPort.get());
	}

	@Test
	void healthServiceAnswersServing() {
		HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.check(HealthCheckRequest.newBuilder().setService("").build());
		assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
	}

	@Test
	void reflectionListsTheConfigService() throws Exception {
		List<String> services = new ArrayList<>();
		CountDownLatch done = new CountDownLatch(1);
		StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
			.withDeadlineAfter(5, TimeUnit.SECONDS)
			.serverReflectionInfo(new StreamObserver<>() {
				@Override
				public void onNext(ServerReflectionResponse response) {
					response.getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName)
						.forEach(services::add);
				}

				@Override
				public void onError(Throwable error) {
					done.countDown();
				}

				@Override
				public void onCompleted() {
					done.countDown();
				}
			});
		requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
		requests.onCompleted();
		assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(services).contains("mcp.v1.ConfigService", "grpc.health.v1.Health");
	}

	private int sessionsOf(String app) {
		return sessionRegistry.sessionCount(new Target(app, "dev"));
	}

	@Autowired
	SessionRegistry sessionRegistry;

	private Instance instance(String app, String instanceId) {
		return instances.list(new Target(app, "dev")).stream()
			.filter((i) -> i.instanceId().equals(instanceId))
			.findFirst()
			.orElseThrow();
	}

}
