package io.mcpconfig.server.shared;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.server.admin.AdminClient;
import io.mcpconfig.server.sync.AdminApiSessionTests;
import io.mcpconfig.server.sync.SyncClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared layer ({@code application/{env}}) and profile documents through the admin
 * API, seen by real gRPC sessions: what each instance gets, by its app and profiles, and
 * that a shared change reaches every application of the env as a release of its own.
 */
class SharedLayerSyncTests extends AdminApiSessionTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	@Test
	void everyApplicationOfTheEnvGetsTheSharedLayerUnderItsOwnKeysAndFollowsItsChanges() {
		publish("application", "shared", """
				logging.level.root: INFO
				pool: 5
				feature.x: dark
				""");
		publish("orders", "shared", "pool: 10\n");
		publish("billing", "shared", "name: billing\n");
		SyncClient orders = subscribed("orders", "shared", "o-1");
		SyncClient billing = subscribed("billing", "shared", "b-1");
		assertThat(orders.held())
			.isEqualTo(Map.of("logging.level.root", "INFO", "pool", "10", "feature.x", "dark"));
		assertThat(billing.held())
			.isEqualTo(Map.of("logging.level.root", "INFO", "pool", "5", "feature.x", "dark", "name", "billing"));
		JsonNode ordersView = json(admin.get("/api/v1/configs/orders/shared"));
		assertThat(ordersView.get("sharedVersion").asLong()).isEqualTo(1);
		assertThat(ordersView.get("properties")).hasSize(1);

		long ordersBefore = orders.heldVersion();
		long billingBefore = billing.heldVersion();
		publish("application", "shared", "logging.level.root: WARN\npool: 5\nfeature.x: lit\n");
		await().atMost(DEADLINE).until(() -> orders.heldVersion() > ordersBefore && billing.heldVersion() > billingBefore);
		assertThat(orders.held()).containsEntry("logging.level.root", "WARN").containsEntry("feature.x", "lit")
			.containsEntry("pool", "10");
		assertThat(billing.held()).containsEntry("feature.x", "lit");
		assertThat(orders.updates().get(orders.updates().size() - 1).getFull()).as("a delta").isFalse();
		JsonNode history = json(admin.get("/api/v1/configs/orders/shared/releases"));
		assertThat(history.get(0).get("author").asText()).isEqualTo(SharedLayerPropagation.AUTHOR);
		assertThat(history.get(0).get("comment").asText()).isEqualTo("shared layer application/shared v2");
		assertThat(history.get(0).get("sharedVersion").asLong()).isEqualTo(2);

		// rolling the application back to its first release keeps the shared layer it holds now
		publish("orders", "shared", "pool: 12\n");
		await().atMost(DEADLINE).until(() -> "12".equals(orders.held().get("pool")));
		assertThat(admin.post("/api/v1/configs/orders/shared/rollback", "{\"toVersion\": 1}").statusCode())
			.isEqualTo(200);
		await().atMost(DEADLINE).until(() -> "10".equals(orders.held().get("pool")));
		assertThat(orders.held()).containsEntry("feature.x", "lit");

		// a new application's first release holds the shared layer at once
		publish("audit", "shared", "name: audit\n");
		assertThat(json(admin.get("/api/v1/configs/audit/shared")).get("version").asLong()).isEqualTo(1);
		assertThat(subscribed("audit", "shared", "a-1").held()).containsEntry("feature.x", "lit");
	}

	@Test
	void anApplicationWithoutAReleaseOfItsOwnGetsTheSharedLayerAsItsFirstRelease() {
		SyncClient waiting = track(SyncClient.autoAcking(channel)).subscribe("newcomer", "first", "n-0");
		assertThat(waiting.heartbeat(0, "").awaitHeartbeatAck(1).getCurrentVersion()).isZero();
		assertThat(admin.get("/api/v1/configs/newcomer/first").statusCode()).as("no shared layer: no release")
			.isEqualTo(404);

		publish("application", "first", "greeting: shared\n");
		// a token for every app (this admin one) could make up names: it creates nothing
		SyncClient wildcard = track(SyncClient.autoAcking(channel)).subscribe("newcomer", "first", "n-1");
		assertThat(wildcard.heartbeat(0, "").awaitHeartbeatAck(1).getCurrentVersion()).isZero();
		assertThat(admin.get("/api/v1/configs/newcomer/first").statusCode()).isEqualTo(404);

		HttpResponse<String> token = admin.post("/api/v1/tokens",
				"{\"name\": \"newcomer\", \"role\": \"client\", \"apps\": [\"newcomer\"], \"envs\": [\"first\"]}");
		assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
		SyncClient newcomer = track(SyncClient.autoAcking(channel(AdminClient.json(token).get("token").asText())))
			.subscribe("newcomer", "first", "n-2");
		await().atMost(DEADLINE).until(() -> newcomer.heldVersion() > 0);
		assertThat(newcomer.held()).isEqualTo(Map.of("greeting", "shared"));
		JsonNode first = json(admin.get("/api/v1/configs/newcomer/first"));
		assertThat(first.get("version").asLong()).isEqualTo(1);
		assertThat(first.get("properties")).isEmpty();
		assertThat(first.get("author").asText()).isEqualTo(SharedLayerPropagation.AUTHOR);

		publish("newcomer", "first", "own: mine\n");
		await().atMost(DEADLINE).until(() -> newcomer.heldVersion() == 2);
		assertThat(newcomer.held()).isEqualTo(Map.of("greeting", "shared", "own", "mine"));
	}

	@Test
	void profileDocumentsApplyToTheInstancesWithTheirProfilesInBootsOrder() {
		publish("application", "prof", """
				greeting: shared
				timeout: 1
				---
				spring.config.activate.on-profile: eu
				region: europe
				timeout: 2
				pool: 20
				""");
		publish("catalog", "prof", """
				greeting: plain
				pool: 10
				---
				spring:
				  config:
				    activate:
				      on-profile: eu | asia
				greeting: far away
				---
				spring.config.activate.on-profile: "!prod"
				debug: true
				""");
		SyncClient plain = subscribed("catalog", "prof", "c-plain");
		SyncClient eu = track(SyncClient.autoAcking(channel)).profiles("eu", "prod").subscribe("catalog", "prof", "c-eu");
		await().atMost(DEADLINE).until(() -> eu.heldVersion() > 0);
		assertThat(plain.held()).isEqualTo(Map.of("greeting", "plain", "timeout", "1", "debug", "true", "pool", "10"));
		// as Spring Cloud Config ranks them: the shared eu document over the application's plain pool
		assertThat(eu.held())
			.isEqualTo(Map.of("greeting", "far away", "timeout", "2", "region", "europe", "pool", "20"));

		JsonNode view = json(admin.get("/api/v1/configs/catalog/prof"));
		assertThat(view.get("profiles")).hasSize(2);
		assertThat(view.get("profiles").get(0).get("onProfile").asText()).isEqualTo("eu | asia");
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode instances = json(admin.get("/api/v1/configs/catalog/prof/instances"));
			assertThat(instances.findValues("profiles").toString()).contains("[\"eu\",\"prod\"]");
		});

		// a change to a document only the eu instances see pushes nothing to the others
		int plainUpdates = plain.updates().size();
		publish("catalog", "prof", """
				greeting: plain
				pool: 10
				---
				spring.config.activate.on-profile: eu | asia
				greeting: far, far away
				---
				spring.config.activate.on-profile: "!prod"
				debug: true
				""");
		await().atMost(DEADLINE).until(() -> "far, far away".equals(eu.held().get("greeting")));
		plain.heartbeat(plain.heldVersion(), plain.heldChecksum());
		plain.awaitHeartbeatAck(1);
		assertThat(plain.updates()).hasSize(plainUpdates);
	}

	@Test
	void theSharedLayerHasNoOverlaysOrGrayAndAnActivationTheCenterCannotServeIsRefusedWithItsPlace() {
		publish("application", "refusals", "a: 1\n");
		HttpResponse<String> overlay = admin.put("/api/v1/configs/application/refusals/overlays/eu?selector=region=eu",
				AdminClient.YAML, "a: 2\n");
		assertThat(overlay.statusCode()).isEqualTo(400);
		assertThat(AdminClient.error(overlay)).contains("shared layer application/refusals");
		// every call of a rollout says the same, reads and promote too (they answered 404 "no gray release running")
		for (HttpResponse<String> other : List.of(admin.get("/api/v1/configs/application/refusals/gray"),
				admin.get("/api/v1/configs/application/refusals/overlays"),
				admin.post("/api/v1/configs/application/refusals/gray/promote", ""),
				admin.delete("/api/v1/configs/application/refusals/gray"))) {
			assertThat(other.statusCode()).as(other.body()).isEqualTo(400);
			assertThat(AdminClient.error(other)).startsWith("the shared layer application/refusals has no overlays");
			assertThat(AdminClient.json(other).get("parameter").get("name").asText()).isEqualTo("app");
		}

		HttpResponse<String> cloud = admin.put("/api/v1/configs/web/refusals", AdminClient.YAML,
				"a: 1\n---\nspring.config.activate.on-cloud-platform: kubernetes\nb: 2\n");
		assertThat(cloud.statusCode()).isEqualTo(400);
		assertThat(AdminClient.error(cloud)).contains("spring.config.activate.on-cloud-platform", "line 3",
				"not supported");
		assertThat(admin.get("/api/v1/configs/web/refusals").statusCode()).isEqualTo(404);
	}

	private SyncClient subscribed(String app, String env, String instanceId) {
		SyncClient client = track(SyncClient.autoAcking(channel)).subscribe(app, env, instanceId);
		await().atMost(DEADLINE).until(() -> client.heldVersion() > 0);
		return client;
	}

	private void publish(String app, String env, String yaml) {
		HttpResponse<String> put = admin.put("/api/v1/configs/" + app + "/" + env, AdminClient.YAML, yaml);
		assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
	}

	private static JsonNode json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return AdminClient.json(response);
	}

}
