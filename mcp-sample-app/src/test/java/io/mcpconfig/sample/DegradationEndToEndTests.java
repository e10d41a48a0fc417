package io.mcpconfig.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mcpconfig.protocol.ListenPorts;
import io.mcpconfig.testsupport.center.ConfigCenterClient;
import io.mcpconfig.testsupport.center.McpServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * What a service does when its configuration cannot be had or cannot be used: a release
 * the app cannot bind is refused and the center shows why; a start without the center runs
 * on the last snapshot, else on the fallback YAML, else fails fast naming what it tried.
 */
class DegradationEndToEndTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	@TempDir
	Path work;

	private McpServerProcess server;

	private SampleAppUnderTest app;

	@AfterEach
	void stopAll() {
		if (app != null) {
			app.close();
		}
		if (server != null) {
			server.stop();
		}
	}

	/** Starts the center with a release of the sample app; answers the app's client token. */
	private String startCenterServing(String yaml) throws IOException {
		server = McpServerProcess.start(work.resolve("center"));
		server.admin().publishYaml("mcp-sample-app", "dev", yaml);
		return server.admin().createToken("sample-app", "client", "mcp-sample-app", "dev");
	}

	@Test
	void releaseTheAppCannotBindIsRefusedAndTheCenterShowsWhy() throws Exception {
		String token = startCenterServing("sample:\n  greeting: good\n  max-connections: 20\n");
		ConfigCenterClient center = server.admin();
		app = SampleAppUnderTest.start(server.grpcAddress(), token, work.resolve("snapshots"));
		await().atMost(DEADLINE).until(() -> app.json("/settings").get("maxConnections").asInt() == 20);
		int eventsBefore = app.json("/events").size();

		long bad = center.publishYaml("mcp-sample-app", "dev",
				"sample:\n  greeting: half applied?\n  max-connections: not-a-number\n");

		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode instance = center.get("/api/v1/configs/mcp-sample-app/dev/instances").get(0);
			assertThat(instance.get("status").asText()).isEqualTo("NACKED");
			assertThat(instance.get("nackedVersion").asLong()).isEqualTo(bad);
			assertThat(instance.get("nackReason").asText()).contains("sample.max-connections", "not-a-number");
		});
		// Nothing of the refused release shows anywhere, not even the key that would bind.
		assertThat(app.json("/settings").get("maxConnections").asInt()).isEqualTo(20);
		assertThat(app.text("/greeting")).isEqualTo("good");
		assertThat(app.json("/events")).hasSize(eventsBefore);
		assertThat(app.json("/actuator/health").get("components").get("mcp").get("details").get("lastNack").toString())
			.contains("APPLY_FAILED");

		center.publishYaml("mcp-sample-app", "dev", "sample:\n  greeting: fixed\n  max-connections: 30\n");
		await().atMost(DEADLINE).untilAsserted(() -> {
			assertThat(app.json("/settings").get("maxConnections").asInt()).isEqualTo(30);
			assertThat(app.text("/greeting")).isEqualTo("fixed");
		});
	}

	/**
	 * Refused running, a release would stop the next start: the application cannot bind
	 * it. Restarted while the center still serves it, the instance starts from its snapshot
	 * instead, refuses the release again once it runs, and takes the next one.
	 */
	@Test
	void anInstanceRestartedWhileTheCenterServesWhatItRefusedStartsFromItsSnapshot() throws Exception {
		String token = startCenterServing("sample:\n  greeting: good\n  max-connections: 20\n");
		ConfigCenterClient center = server.admin();
		Path snapshots = work.resolve("snapshots");
		app = SampleAppUnderTest.start(server.grpcAddress(), token, snapshots);
		long bad = center.publishYaml("mcp-sample-app", "dev", "sample:\n  max-connections: not-a-number\n");
		await().atMost(DEADLINE)
			.until(() -> center.get("/api/v1/configs/mcp-sample-app/dev/instances").get(0).get("status").asText(),
					"NACKED"::equals);
		assertThat(snapshots.resolve("mcp-sample-app").resolve("dev.refused.json")).exists();
		app.close();

		app = SampleAppUnderTest.start(server.grpcAddress(), token, snapshots);

		assertThat(app.json("/settings").get("maxConnections").asInt()).isEqualTo(20);
		assertThat(app.text("/greeting")).isEqualTo("good");
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode instance = center.get("/api/v1/configs/mcp-sample-app/dev/instances").get(0);
			assertThat(instance.get("status").asText()).isEqualTo("NACKED");
			assertThat(instance.get("nackedVersion").asLong()).isEqualTo(bad);
		});
		center.publishYaml("mcp-sample-app", "dev", "sample:\n  greeting: fixed\n  max-connections: 30\n");
		await().atMost(DEADLINE).until(() -> app.json("/settings").get("maxConnections").asInt() == 30);
		assertThat(snapshots.resolve("mcp-sample-app").resolve("dev.refused.json")).doesNotExist();
	}

	@Test
	void startsFromTheSnapshotWhenTheCenterIsDownAndConvergesWhenItReturns() throws Exception {
		// the token is kept hashed in the center's data: still valid when it comes back
		String token = startCenterServing("sample.greeting: remembered\n");
		ConfigCenterClient center = server.admin();
		Path snapshots = work.resolve("snapshots");
		app = SampleAppUnderTest.start(server.grpcAddress(), token, snapshots);
		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("remembered"));
		app.close();
		server.kill();

		app = SampleAppUnderTest.start(server.grpcAddress(), token, snapshots);
		assertThat(app.text("/greeting")).isEqualTo("remembered");
		JsonNode health = app.json("/actuator/health").get("components").get("mcp");
		assertThat(health.get("status").asText()).isEqualTo("UP");
		assertThat(health.get("details").get("source").asText()).isEqualTo("SNAPSHOT");
		assertThat(health.get("details").get("degraded").asBoolean()).isTrue();

		server.start();
		center.publishYaml("mcp-sample-app", "dev", "sample.greeting: the center is back\n");
		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("the center is back"));
		await().atMost(DEADLINE)
			.until(() -> !app.json("/actuator/health").get("components").get("mcp").get("details").get("degraded")
				.asBoolean());
	}

	@Test
	void anAppWhoseTokenTheCenterRefusesRunsOnItsFallbackAndSaysWhy() throws Exception {
		server = McpServerProcess.start(work.resolve("center"));
		ConfigCenterClient center = server.admin();
		center.publishYaml("mcp-sample-app", "dev", "sample.greeting: not for you\n");
		// a client token of another application
		String orders = center.createToken("orders-dev", "client", "orders", "dev");

		app = SampleAppUnderTest.start(server.grpcAddress(), orders, work.resolve("snapshots"));

		assertThat(app.text("/greeting")).isEqualTo("Hello from the local fallback");
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode health = app.json("/actuator/health").path("components").path("mcp").path("details");
			assertThat(health.path("source").asText()).isEqualTo("FALLBACK");
			assertThat(health.path("degraded").asBoolean()).isTrue();
			// path(): absent until the first refusal is recorded, which the await waits for
			assertThat(health.path("lastDisconnect").path("reason").asText()).contains("PERMISSION_DENIED",
					"orders-dev", "mcp-sample-app/dev");
		});
		assertThat(center.get("/api/v1/configs/mcp-sample-app/dev/instances")).isEmpty();
	}

	@Test
	void corruptSnapshotIsSkippedForTheFallbackYaml() throws Exception {
		Path snapshots = work.resolve("snapshots");
		Path snapshot = Files.createDirectories(snapshots.resolve("mcp-sample-app")).resolve("dev.snapshot.json");
		Files.writeString(snapshot, "{\"format\": 1, \"app\": \"mcp-sample-app\", \"env\": \"dev\", \"vers");

		app = SampleAppUnderTest.start("127.0.0.1:" + ListenPorts.free(), McpServerProcess.ADMIN_TOKEN,
				snapshots);

		assertThat(app.text("/greeting")).isEqualTo("Hello from the local fallback");
		assertThat(app.json("/settings").get("maxConnections").asInt()).isEqualTo(5);
		assertThat(app.json("/actuator/health").get("components").get("mcp").get("details").get("source").asText())
			.isEqualTo("FALLBACK");
	}

	@Test
	void fallbackGivesWayToTheCenterOnceItAnswersEvenWithoutARelease() throws Exception {
		server = McpServerProcess.prepare(work.resolve("center"));
		// a center never started yet has no stored tokens: only its configured admin token
		app = SampleAppUnderTest.start(server.grpcAddress(), McpServerProcess.ADMIN_TOKEN, work.resolve("snapshots"));
		assertThat(app.text("/greeting")).isEqualTo("Hello from the local fallback");
		assertThat(app.json("/settings").get("maxConnections").asInt()).isEqualTo(5);

		server.start();

		// The center has no release: the app runs as if it had answered at start-up.
		await().atMost(DEADLINE).untilAsserted(() -> {
			assertThat(app.text("/greeting")).isEqualTo("Hello from application.yml");
			assertThat(app.json("/settings").get("maxConnections").asInt()).isEqualTo(10);
			JsonNode health = app.json("/actuator/health").get("components").get("mcp").get("details");
			assertThat(health.get("source").asText()).isEqualTo("REMOTE");
			assertThat(health.get("degraded").asBoolean()).isFalse();
		});
		JsonNode event = app.json("/events").get(0);
		assertThat(event.get("source").asText()).isEqualTo("REMOTE");
		assertThat(event.get("changes").toString()).contains("sample.greeting", "DELETED");
	}

	@Test
	void failFastWithNothingToServeNamesTheAddressesAndFilesItTried() throws Exception {
		String address = "127.0.0.1:" + ListenPorts.free();
		assertThatException()
			.isThrownBy(() -> SampleAppUnderTest.start(address, McpServerProcess.ADMIN_TOKEN, work.resolve("no-snapshots"),
					"--mcp.client.fail-fast=true", "--mcp.client.fallback-location=classpath:missing-fallback.yaml",
					"--mcp.client.request-timeout=1s"))
			.satisfies((ex) -> assertThat(rootMessages(ex)).contains(address, "missing-fallback.yaml",
					work.resolve("no-snapshots").toString()));
	}

	private static String rootMessages(Throwable ex) {
		StringBuilder messages = new StringBuilder();
		for (Throwable t = ex; t != null; t = t.getCause()) {
			messages.append(t.getMessage()).append('\n');
		}
		return messages.toString();
	}

}
