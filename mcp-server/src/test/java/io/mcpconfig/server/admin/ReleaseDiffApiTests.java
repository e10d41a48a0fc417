package io.mcpconfig.server.admin;

import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.server.sync.AdminApiSessionTests;
import org.junit.jupiter.api.Test;

import static io.mcpconfig.server.admin.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET .../diff?from=N&to=M} over real HTTP: every part of a release that changed is
 * listed with its keys, the parts that did not are not, and secrets stay masked.
 */
class ReleaseDiffApiTests extends AdminApiSessionTests {

	private static final String YAML = AdminClient.YAML;

	@Test
	void aChangedAndARemovedProfileDocumentAreEachAPartAndTheBaseIsNotListedWhenUnchanged() {
		publish("prof", "dev", """
				pool: 10
				---
				spring.config.activate.on-profile: eu
				pool: 20
				---
				spring.config.activate.on-profile: us & !prod
				timeout: 5s
				""");
		publish("prof", "dev", """
				pool: 10
				---
				spring.config.activate.on-profile: eu
				pool: 99
				""");

		JsonNode diff = diff("prof", "dev", "from=1&to=2");

		assertThat(diff.get("fromVersion").asLong()).isEqualTo(1);
		assertThat(diff.get("toVersion").asLong()).isEqualTo(2);
		assertThat(diff.get("parts")).satisfiesExactly((eu) -> {
			assertThat(eu.get("part").asText()).isEqualTo("profile");
			assertThat(eu.get("name").asText()).isEqualTo("eu");
			assertThat(eu.get("changes").get("modified").get(0).toString())
				.isEqualTo("{\"key\":\"pool\",\"oldValue\":\"20\",\"newValue\":\"99\"}");
		}, (us) -> {
			assertThat(us.get("name").asText()).isEqualTo("us & !prod");
			assertThat(us.get("changes").get("removed").get(0).get("key").asText()).isEqualTo("timeout");
		});
	}

	@Test
	void aSharedLayerTakenInIsThePartSharedWithItsVersionsAndKeys() {
		publish("orders", "layers", "a: 1\n");
		publish("application", "layers", """
				logging.level.root: INFO
				---
				spring.config.activate.on-profile: prod
				logging.level.root: WARN
				""");
		await().atMost(Duration.ofSeconds(10)).until(() -> admin.currentVersion("/api/v1/configs/orders/layers") == 2);

		JsonNode parts = diff("orders", "layers", "from=1").get("parts");

		assertThat(parts).satisfiesExactly((shared) -> {
			assertThat(shared.get("part").asText()).isEqualTo("shared");
			assertThat(shared.has("before")).isFalse();
			assertThat(shared.get("after").asText()).isEqualTo("version 1");
			assertThat(shared.get("changes").get("added").get(0).get("key").asText()).isEqualTo("logging.level.root");
		}, (sharedProd) -> {
			assertThat(sharedProd.get("part").asText()).isEqualTo("shared-profile");
			assertThat(sharedProd.get("name").asText()).isEqualTo("prod");
			assertThat(sharedProd.get("changes").get("added").get(0).get("newValue").asText()).isEqualTo("WARN");
		});
	}

	/** A reader of the app that may not read the shared app learns its version, as a release shows it, not its keys. */
	@Test
	void aReaderWhoMayNotReadTheSharedLayerSeesOnlyItsVersion() {
		publish("orders", "scoped", "a: 1\n");
		publish("application", "scoped", "shared.secret-ish: internal\n");
		await().atMost(Duration.ofSeconds(10)).until(() -> admin.currentVersion("/api/v1/configs/orders/scoped") == 2);
		HttpResponse<String> created = admin.post("/api/v1/tokens",
				"{\"name\": \"orders-reader-diff\", \"role\": \"reader\", \"apps\": [\"orders\"], \"envs\": [\"*\"]}");
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		AdminClient reader = admin.as(json(created).get("token").asText());

		HttpResponse<String> diff = reader.get("/api/v1/configs/orders/scoped/diff?from=1");

		assertThat(diff.statusCode()).as(diff.body()).isEqualTo(200);
		assertThat(json(diff).get("parts")).singleElement().satisfies((shared) -> {
			assertThat(shared.get("part").asText()).isEqualTo("shared");
			assertThat(shared.get("after").asText()).isEqualTo("version 1");
			assertThat(shared.get("changes").get("added")).isEmpty();
		});
		assertThat(diff.body()).doesNotContain("internal");
	}

	@Test
	void overlaysAndTheGrayPatchAreTheirOwnPartsWithTheirSelectorAndRule() {
		publish("shop", "dev", "pool: 10\nlegacy: yes\n");
		assertThat(admin.put("/api/v1/configs/shop/dev/overlays/eu?selector=region=eu", YAML, "pool: 20\n")
			.statusCode()).isEqualTo(200);
		assertThat(admin.put("/api/v1/configs/shop/dev/gray?percentage=10", YAML, "pool: 15\nlegacy: ~\n").statusCode())
			.isEqualTo(200);

		JsonNode parts = diff("shop", "dev", "from=1&to=3").get("parts");

		assertThat(parts).satisfiesExactly((overlay) -> {
			assertThat(overlay.get("part").asText()).isEqualTo("overlay");
			assertThat(overlay.get("name").asText()).isEqualTo("eu");
			assertThat(overlay.get("after").asText()).isEqualTo("region=eu");
			assertThat(overlay.get("changes").get("added").get(0).get("newValue").asText()).isEqualTo("20");
		}, (gray) -> {
			assertThat(gray.get("part").asText()).isEqualTo("gray");
			assertThat(gray.get("after").asText()).isEqualTo("10% of every instance");
			assertThat(gray.get("changes").get("added").findValuesAsText("key")).containsExactly("legacy [remove]",
					"pool");
		});
		assertThat(diff("shop", "dev", "from=3&to=3").get("parts")).isEmpty();
	}

	@Test
	void secretLookingValuesAreMaskedInEveryPart() {
		publish("vault", "dev", """
				db.password: s3cret
				db.url: jdbc:postgresql://app:hunter2@db/orders
				---
				spring.config.activate.on-profile: eu
				api.token: t0ken
				""");
		publish("vault", "dev", """
				db.password: n3w
				db.url: jdbc:postgresql://app:hunter3@db/orders
				---
				spring.config.activate.on-profile: eu
				api.token: t0ken2
				""");

		HttpResponse<String> diff = admin.get("/api/v1/configs/vault/dev/diff?from=1");

		assertThat(diff.statusCode()).isEqualTo(200);
		assertThat(diff.body()).contains("******").doesNotContain("s3cret", "n3w", "hunter2", "hunter3", "t0ken");
	}

	@Test
	void aReleaseThatIsNotRetainedIsNotFound() {
		publish("gone", "dev", "a: 1\n");

		HttpResponse<String> missing = admin.get("/api/v1/configs/gone/dev/diff?from=7");

		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(AdminClient.error(missing)).startsWith("release 7 of gone/dev is not retained");
	}

	private void publish(String app, String env, String yaml) {
		HttpResponse<String> put = admin.put("/api/v1/configs/" + app + "/" + env, YAML, yaml);
		assertThat(put.statusCode()).as(put.body()).isBetween(200, 201);
	}

	private JsonNode diff(String app, String env, String versions) {
		HttpResponse<String> diff = admin.get("/api/v1/configs/" + app + "/" + env + "/diff?" + versions);
		assertThat(diff.statusCode()).as(diff.body()).isEqualTo(200);
		return json(diff);
	}

}
