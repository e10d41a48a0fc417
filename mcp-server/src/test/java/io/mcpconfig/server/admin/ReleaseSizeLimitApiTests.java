package io.mcpconfig.server.admin;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.testsupport.center.RepositoryZip;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.mcpconfig.server.admin.AdminClient.error;
import static io.mcpconfig.server.admin.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code mcp.server.limits.max-release-size} over real HTTP, on every way a release grows:
 * its own configuration, an overlay, a gray patch, the shared layer, a rollback, an
 * import. Each refusal is a 400 that names the release and its parts, and stores nothing;
 * a dry run answers as the publish would. Each env is used by one test only, as the shared
 * layer's check covers every application of its env.
 */
class ReleaseSizeLimitApiTests {

	private static final String YAML = AdminClient.YAML;

	private static final String LIMIT = "more than the 1024 allowed (mcp.server.limits.max-release-size)";

	@TempDir
	static Path dataDir;

	private static RunningServer server;

	private final AdminClient admin = server.admin();

	@BeforeAll
	static void start() {
		server = RunningServer.start(dataDir, "mcp.server.limits.max-release-size=1KB");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	@Test
	void aConfigurationLargerThanAReleaseMayHoldIs400() {
		HttpResponse<String> put = admin.put("/api/v1/configs/orders/own", YAML, "a: " + "x".repeat(1024));
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put)).isEqualTo("the release of orders/own would hold 1025 bytes of keys and values, " + LIMIT
				+ ": its own configuration 1025");
		admin.assertNothingStored("/api/v1/configs/orders/own");
		HttpResponse<String> dryRun = admin.put("/api/v1/configs/orders/own?dryRun=true", YAML,
				"a: " + "x".repeat(1024));
		assertThat(dryRun.statusCode()).isEqualTo(400);
		assertThat(error(dryRun)).isEqualTo(error(put));
		// bytes, not characters: 300 'é' are 600 bytes, 600 are 1 200
		assertThat(admin.put("/api/v1/configs/orders/own", YAML, "a: " + "é".repeat(300)).statusCode()).isEqualTo(201);
		assertThat(json(admin.get("/api/v1/configs/orders/own")).get("size").asLong()).isEqualTo(601);
		assertThat(admin.put("/api/v1/configs/orders/own", YAML, "a: " + "é".repeat(600)).statusCode()).isEqualTo(400);
		assertThat(admin.currentVersion("/api/v1/configs/orders/own")).isEqualTo(1);
	}

	@Test
	void anOverlayOrAGrayPatchThatWouldMakeTheReleaseTooLargeIs400AndIsNotSet() {
		admin.put("/api/v1/configs/orders/rollout", YAML, "a: " + "x".repeat(599));
		HttpResponse<String> overlay = admin.put("/api/v1/configs/orders/rollout/overlays/eu?selector=region=eu", YAML,
				"b: " + "y".repeat(499));
		assertThat(overlay.statusCode()).isEqualTo(400);
		assertThat(error(overlay)).isEqualTo("the release of orders/rollout would hold 1100 bytes of keys and values, "
				+ LIMIT + ": its own configuration 600, its overlays 500");
		HttpResponse<String> gray = admin.put("/api/v1/configs/orders/rollout/gray?instances=i-canary", YAML,
				"a: " + "z".repeat(499));
		assertThat(gray.statusCode()).isEqualTo(400);
		assertThat(error(gray)).isEqualTo("the release of orders/rollout would hold 1108 bytes of keys and values, "
				+ LIMIT + ": its own configuration 600, the gray release 508");
		assertThat(admin.currentVersion("/api/v1/configs/orders/rollout")).isEqualTo(1);
		assertThat(admin.get("/api/v1/configs/orders/rollout/gray").statusCode()).isEqualTo(404);
		assertThat(json(admin.get("/api/v1/configs/orders/rollout/overlays"))).isEmpty();
	}

	@Test
	void aSharedLayerTooLargeForAnApplicationTheCallerCannotReadDoesNotNameIt() {
		admin.put("/api/v1/configs/payroll/scoped", YAML, "a: " + "x".repeat(799));
		HttpResponse<String> token = admin.post("/api/v1/tokens",
				"{\"name\": \"shared-publisher\", \"role\": \"publisher\", \"apps\": [\"application\"],"
						+ " \"envs\": [\"scoped\"]}");
		assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
		AdminClient scoped = admin.as(json(token).get("token").asText());
		String layer = "r: " + "e".repeat(299);
		for (HttpResponse<String> refused : List.of(
				scoped.put("/api/v1/configs/application/scoped?dryRun=true", YAML, layer),
				scoped.put("/api/v1/configs/application/scoped", YAML, layer))) {
			assertThat(refused.statusCode()).isEqualTo(400);
			assertThat(error(refused)).isEqualTo("the shared layer application/scoped cannot be taken into every"
					+ " application of scoped: it would make the release of an application you cannot read larger"
					+ " than mcp.server.limits.max-release-size allows");
		}
		assertThat(error(admin.put("/api/v1/configs/application/scoped", YAML, layer)))
			.contains("the release of payroll/scoped would hold 1100 bytes");
		admin.assertNothingStored("/api/v1/configs/application/scoped");
	}

	@Test
	void aSharedLayerThatWouldMakeAnApplicationsReleaseTooLargeIs400AndReachesNone() {
		admin.put("/api/v1/configs/orders/shared", YAML, "a: " + "x".repeat(799));
		admin.put("/api/v1/configs/billing/shared", YAML, "name: billing");
		HttpResponse<String> dryRun = admin.put("/api/v1/configs/application/shared?dryRun=true", YAML,
				"r: " + "e".repeat(299));
		HttpResponse<String> shared = admin.put("/api/v1/configs/application/shared", YAML, "r: " + "e".repeat(299));
		assertThat(dryRun.statusCode()).isEqualTo(400);
		assertThat(error(dryRun)).isEqualTo(error(shared));
		assertThat(shared.statusCode()).isEqualTo(400);
		assertThat(error(shared)).isEqualTo("the shared layer application/shared cannot be taken into every application"
				+ " of shared: the release of orders/shared would hold 1100 bytes of keys and values, " + LIMIT
				+ ": its own configuration 800, the shared layer 300");
		admin.assertNothingStored("/api/v1/configs/application/shared");
		assertThat(admin.currentVersion("/api/v1/configs/billing/shared")).isEqualTo(1);
		assertThat(admin.put("/api/v1/configs/application/shared", YAML, "r: eu").statusCode()).isEqualTo(201);
		// a release's size counts the shared layer it holds: name=billing and r=eu
		await().atMost(Duration.ofSeconds(10))
			.until(() -> json(admin.get("/api/v1/configs/billing/shared")).get("size").asLong() == 14);
	}

	@Test
	void aRollbackToAReleaseThatNoLongerFitsBesideItsOverlaysIs400() {
		admin.put("/api/v1/configs/orders/rollback", YAML, "a: " + "x".repeat(899));
		admin.put("/api/v1/configs/orders/rollback", YAML, "a: 1");
		admin.put("/api/v1/configs/orders/rollback/overlays/eu?selector=region=eu", YAML, "b: " + "y".repeat(199));
		HttpResponse<String> rollback = admin.post("/api/v1/configs/orders/rollback/rollback", "{\"toVersion\": 1}");
		assertThat(rollback.statusCode()).isEqualTo(400);
		assertThat(error(rollback)).isEqualTo("the release of orders/rollback would hold 1100 bytes of keys and values, "
				+ LIMIT + ": its own configuration 900, its overlays 200");
		assertThat(admin.currentVersion("/api/v1/configs/orders/rollback")).isEqualTo(3);
	}

	@Test
	void anImportWhoseSharedLayerWouldMakeAnApplicationOfItTooLargePublishesNothing() {
		admin.put("/api/v1/configs/billing/import", YAML, "name: billing");
		Map<String, String> repository = new LinkedHashMap<>();
		repository.put("application.yml", "r: " + "e".repeat(299));
		repository.put("orders.yml", "a: " + "x".repeat(799)); // fits alone, not with the shared layer
		HttpResponse<String> imported = postImport("import", false, RepositoryZip.of(repository));
		assertThat(imported.statusCode()).isEqualTo(400);
		assertThat(error(imported)).isEqualTo("the shared layer application/import cannot be taken into every"
				+ " application of import: the release of orders/import would hold 1100 bytes of keys and values, "
				+ LIMIT + ": its own configuration 800, the shared layer 300");
		admin.assertNothingStored("/api/v1/configs/application/import");
		admin.assertNothingStored("/api/v1/configs/orders/import");
	}

	@Test
	void anImportThatShrinksAnApplicationBesideALargerSharedLayerIsTakenWhole() {
		admin.put("/api/v1/configs/orders/shrink", YAML, "a: " + "x".repeat(799));
		Map<String, String> repository = new LinkedHashMap<>();
		repository.put("application.yml", "r: " + "e".repeat(299)); // 1 100 beside orders as it is
		repository.put("orders.yml", "a: " + "x".repeat(99)); // 400 beside the new shared layer
		HttpResponse<String> dryRun = postImport("shrink", true, RepositoryZip.of(repository));
		assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
		HttpResponse<String> imported = postImport("shrink", false, RepositoryZip.of(repository));
		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> json(admin.get("/api/v1/configs/orders/shrink")).get("size").asLong() == 400);
	}

	@Test
	void anImportThatShrinksTheSharedLayerMeasuresEveryApplicationWithTheNewOne() {
		admin.put("/api/v1/configs/application/mirror", YAML, "r: " + "e".repeat(599)); // 600
		admin.put("/api/v1/configs/orders/mirror", YAML, "a: " + "x".repeat(299)); // 300
		Map<String, String> repository = new LinkedHashMap<>();
		repository.put("application.yml", "r: " + "e".repeat(99)); // 100
		repository.put("orders.yml", "a: " + "x".repeat(799)); // 800: fits beside the new layer only
		repository.put("billing.yml", "b: " + "y".repeat(799)); // a first release, the same
		HttpResponse<String> dryRun = postImport("mirror", true, RepositoryZip.of(repository));
		assertThat(dryRun.statusCode()).as(dryRun.body()).isEqualTo(200);
		HttpResponse<String> imported = postImport("mirror", false, RepositoryZip.of(repository));
		assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
		JsonNode orders = json(admin.get("/api/v1/configs/orders/mirror"));
		assertThat(orders.get("size").asLong()).isEqualTo(900);
		assertThat(orders.get("sharedVersion").asLong()).isEqualTo(2);
		assertThat(json(admin.get("/api/v1/configs/billing/mirror")).get("size").asLong()).isEqualTo(900);
	}

	private HttpResponse<String> postImport(String env, boolean dryRun, byte[] archive) {
		return admin.send(HttpRequest.newBuilder(admin.uri("/api/v1/import?env=" + env + (dryRun ? "&dryRun=true" : "")))
			.header("Content-Type", "application/zip")
			.POST(BodyPublishers.ofByteArray(archive)));
	}

}
