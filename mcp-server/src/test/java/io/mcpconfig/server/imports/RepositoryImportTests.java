package io.mcpconfig.server.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.server.admin.AdminClient;
import io.mcpconfig.server.sync.AdminApiSessionTests;
import io.mcpconfig.server.sync.SyncClient;
import io.mcpconfig.testsupport.center.RepositoryZip;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /api/v1/import} with a repository as a team moving from Spring Cloud Config
 * has one: a shared {@code application.yml} with a profile document, shared and
 * application profile files, YAML beside {@code .properties}, an application whose name
 * has a dash, and files the import must leave alone.
 */
class RepositoryImportTests extends AdminApiSessionTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	static Map<String, String> repository() {
		Map<String, String> files = new LinkedHashMap<>();
		files.put("config-repo/application.yml", """
				logging:
				  level:
				    root: INFO
				management.endpoints.web.exposure.include: health,info
				---
				spring:
				  config:
				    activate:
				      on-profile: prod
				logging.level.root: WARN
				""");
		files.put("config-repo/application-dev.yml", "logging.level.com.acme: DEBUG\n");
		files.put("config-repo/orders.yml", """
				orders:
				  pool-size: 10
				  name: from yaml
				spring.datasource.url: jdbc:postgresql://db/orders
				""");
		files.put("config-repo/orders.properties", "orders.name=Orders\\u00e9\n");
		files.put("config-repo/orders-prod.yml", "orders.pool-size: 50\n");
		files.put("config-repo/billing-service.yml", "billing.currency: EUR\n");
		files.put("config-repo/billing-service-eu.properties", "billing.vat=20\n");
		files.put("config-repo/README.md", "# our configuration\n");
		files.put("config-repo/legacy/old.yml", "old: true\n");
		files.put("config-repo/orders-!prod.yml", "orders.pool-size: 1\n");
		return files;
	}

	@Test
	void aDryRunListsWhatWouldBePublishedThenTheImportPublishesItAndInstancesSeeItWithTheirProfiles() {
		HttpResponse<String> dryRun = post("/api/v1/import?env=imp&dryRun=true", "application/zip", RepositoryZip.of(repository()));
		assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
		JsonNode plan = AdminClient.json(dryRun);
		assertThat(plan.get("dryRun").asBoolean()).isTrue();
		assertThat(plan.get("targets").findValuesAsText("app")).containsExactly("application", "billing-service",
				"orders");
		assertThat(plan.get("targets").findValuesAsText("outcome")).containsOnly("CREATED");
		assertThat(plan.get("targets").get(2).get("files").toString()).isEqualTo(
				"[\"config-repo/orders.yml\",\"config-repo/orders.properties\",\"config-repo/orders-prod.yml\"]");
		assertThat(plan.get("skipped").findValuesAsText("path")).containsExactlyInAnyOrder("config-repo/README.md",
				"config-repo/legacy/old.yml", "config-repo/orders-!prod.yml");
		assertThat(plan.get("skipped").toString()).contains("'!prod' is not a profile name");
		assertThat(admin.get("/api/v1/configs/orders/imp").statusCode()).as("a dry run stores nothing").isEqualTo(404);

		HttpResponse<String> imported = post("/api/v1/import?env=imp", "application/zip", RepositoryZip.of(repository()));
		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
		assertThat(AdminClient.json(imported).get("targets").findValuesAsText("version")).containsOnly("1");

		JsonNode orders = AdminClient.json(admin.get("/api/v1/configs/orders/imp"));
		assertThat(orders.get("properties").get("orders.name").asText()).isEqualTo("Ordersé");
		assertThat(orders.get("profiles").get(0).get("onProfile").asText()).isEqualTo("prod");
		assertThat(orders.get("sharedVersion").asLong()).isEqualTo(1);
		assertThat(orders.get("comment").asText()).isEqualTo(RepositoryImport.COMMENT);

		SyncClient prod = track(SyncClient.autoAcking(channel)).profiles("prod").subscribe("orders", "imp", "o-prod");
		SyncClient dev = track(SyncClient.autoAcking(channel)).profiles("dev").subscribe("orders", "imp", "o-dev");
		SyncClient billingEu = track(SyncClient.autoAcking(channel)).profiles("eu")
			.subscribe("billing-service", "imp", "b-eu");
		await().atMost(DEADLINE)
			.until(() -> prod.heldVersion() > 0 && dev.heldVersion() > 0 && billingEu.heldVersion() > 0);
		assertThat(prod.held()).containsEntry("orders.pool-size", "50")
			.containsEntry("logging.level.root", "WARN")
			.containsEntry("orders.name", "Ordersé")
			.doesNotContainKey("logging.level.com.acme");
		assertThat(dev.held()).containsEntry("orders.pool-size", "10")
			.containsEntry("logging.level.root", "INFO")
			.containsEntry("logging.level.com.acme", "DEBUG")
			.containsEntry("management.endpoints.web.exposure.include", "health,info");
		assertThat(billingEu.held()).containsEntry("billing.vat", "20").containsEntry("billing.currency", "EUR");

		// again, as a tar.gz: nothing changed, nothing published
		HttpResponse<String> again = post("/api/v1/import?env=imp", "application/gzip", tarGz(repository()));
		assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
		assertThat(AdminClient.json(again).get("targets").findValuesAsText("outcome")).containsOnly("UNCHANGED");
		assertThat(admin.currentVersion("/api/v1/configs/orders/imp")).isEqualTo(1);

		// one file changed: only its target gets a release, and its instances take it
		Map<String, String> changed = repository();
		changed.put("config-repo/orders-prod.yml", "orders.pool-size: 80\n");
		JsonNode report = AdminClient.json(post("/api/v1/import?env=imp", "application/gzip", tarGz(changed)));
		assertThat(report.get("targets").get(2).get("outcome").asText()).isEqualTo("CHANGED");
		assertThat(report.get("targets").get(2).get("changes").get("modified").get(0).get("key").asText())
			.isEqualTo("orders.pool-size [on-profile: prod]");
		assertThat(report.get("targets").get(1).get("outcome").asText()).isEqualTo("UNCHANGED");
		await().atMost(DEADLINE).until(() -> "80".equals(prod.held().get("orders.pool-size")));
	}

	@Test
	void aRepositoryWithABadFileIsRefusedWithThePathAndNothingIsPublished() {
		Map<String, String> files = repository();
		files.put("config-repo/orders-prod.yml", "orders:\n  pool-size: [\n");
		HttpResponse<String> refused = post("/api/v1/import?env=bad", "application/zip", RepositoryZip.of(files));
		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(AdminClient.error(refused)).startsWith("config-repo/orders-prod.yml: invalid YAML at line");
		assertThat(admin.get("/api/v1/configs/application/bad").statusCode()).isEqualTo(404);

		Map<String, String> twice = new LinkedHashMap<>(Map.of("config-repo/orders.yml", "a: 1\n"));
		twice.put("/config-repo/orders.yml", "a: 2\n");
		HttpResponse<String> duplicate = post("/api/v1/import?env=bad", "application/gzip", tarGz(twice));
		assertThat(duplicate.statusCode()).isEqualTo(400);
		assertThat(AdminClient.error(duplicate)).isEqualTo("the archive holds config-repo/orders.yml twice");

		HttpResponse<String> notAnArchive = post("/api/v1/import?env=bad", "application/gzip",
				"not gzip".getBytes(StandardCharsets.UTF_8));
		assertThat(notAnArchive.statusCode()).isEqualTo(400);
		assertThat(AdminClient.error(notAnArchive)).contains("not a readable gzip archive");

		HttpResponse<String> empty = post("/api/v1/import?env=bad", "application/zip",
				RepositoryZip.of(Map.of("docs/README.md", "nothing here")));
		assertThat(empty.statusCode()).isEqualTo(400);
		assertThat(AdminClient.error(empty)).contains("no configuration file");
		assertThat(post("/api/v1/import?env=bad", "text/plain", "a=1".getBytes(StandardCharsets.UTF_8)).statusCode())
			.isEqualTo(415);
	}

	@Test
	void anEmptyOrCommentOnlyFileIsImportedAsAnEmptyConfigurationAndNamedInTheReport() {
		Map<String, String> files = new LinkedHashMap<>();
		files.put("orders.yml", "");
		files.put("orders-prod.properties", "# filled in later\n");
		files.put("billing.yml", "b: 1\n");

		HttpResponse<String> imported = post("/api/v1/import?env=blank", "application/zip", RepositoryZip.of(files));

		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
		JsonNode targets = AdminClient.json(imported).get("targets");
		assertThat(targets.findValuesAsText("app")).containsExactly("billing", "orders");
		assertThat(targets.get(0).has("emptyFiles")).isFalse();
		assertThat(targets.get(1).get("outcome").asText()).isEqualTo("CREATED");
		assertThat(targets.get(1).get("emptyFiles")).extracting(JsonNode::asText)
			.containsExactly("orders.yml", "orders-prod.properties");
		assertThat(AdminClient.json(admin.get("/api/v1/configs/orders/blank")).get("keys").asInt()).isZero();
		assertThat(AdminClient.json(admin.get("/api/v1/configs/billing/blank")).get("properties").get("b").asText())
			.isEqualTo("1");
		HttpResponse<String> emptyPublish = admin.put("/api/v1/configs/orders/blank", AdminClient.YAML, "# nothing\n");
		assertThat(emptyPublish.statusCode()).isEqualTo(400);
		assertThat(AdminClient.error(emptyPublish)).contains("the document is empty; publish {}");
	}

	@Test
	void aTokenThatMayNotPublishEveryTargetOfTheRepositoryImportsNothing() {
		HttpResponse<String> token = admin.post("/api/v1/tokens",
				"{\"name\": \"orders-team\", \"role\": \"publisher\", \"apps\": [\"orders\"], \"envs\": [\"*\"]}");
		assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
		String secret = AdminClient.json(token).get("token").asText();
		HttpResponse<String> refused = admin.as(secret)
			.send(HttpRequest.newBuilder(admin.uri("/api/v1/import?env=scoped"))
				.header("Content-Type", "application/zip")
				.POST(BodyPublishers.ofByteArray(RepositoryZip.of(repository()))));
		assertThat(refused.statusCode()).isEqualTo(403);
		assertThat(AdminClient.error(refused)).contains("may not publish application/scoped");
		assertThat(admin.get("/api/v1/configs/orders/scoped").statusCode()).isEqualTo(404);
	}

	private HttpResponse<String> post(String path, String contentType, byte[] body) {
		return admin.send(HttpRequest.newBuilder(admin.uri(path))
			.header("Content-Type", contentType)
			.POST(BodyPublishers.ofByteArray(body)));
	}

	static byte[] tarGz(Map<String, String> files) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
			for (Map.Entry<String, String> file : files.entrySet()) {
				byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
				TarArchiveEntry entry = new TarArchiveEntry("./" + file.getKey());
				entry.setSize(content.length);
				tar.putArchiveEntry(entry);
				tar.write(content);
				tar.closeArchiveEntry();
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return bytes.toByteArray();
	}

}
