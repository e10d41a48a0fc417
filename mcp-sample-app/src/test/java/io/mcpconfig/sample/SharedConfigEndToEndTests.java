package io.mcpconfig.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mcpconfig.testsupport.center.ConfigCenterClient;
import io.mcpconfig.testsupport.center.McpServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Configuration as a team moving from Spring Cloud Config has it, end to end: its
 * repository imported into the real center, two sample apps (one with the {@code eu}
 * profile active, one of another application) taking the shared {@code application.yml},
 * their own files and their profile documents, and a change to the shared layer reaching
 * both without a restart.
 */
class SharedConfigEndToEndTests {

	private static final Duration DEADLINE = Duration.ofSeconds(15);

	@TempDir
	static Path work;

	static McpServerProcess server;

	static ConfigCenterClient center;

	static SampleAppUnderTest eu;

	static SampleAppUnderTest other;

	@BeforeAll
	static void start() throws Exception {
		server = McpServerProcess.start(work.resolve("center"));
		center = server.admin();
		Map<String, String> repository = new LinkedHashMap<>();
		repository.put("application.yml", """
				sample:
				  greeting: Hello from the shared application.yml
				  max-connections: 7
				""");
		repository.put("mcp-sample-app.yml", """
				sample:
				  timeout: 4s
				---
				spring.config.activate.on-profile: eu
				sample.greeting: Hallo from the eu document
				""");
		repository.put("mcp-sample-app-eu.properties", "sample.max-connections=11\n");
		repository.put("billing.yml", "sample.timeout: 6s\n");
		ConfigCenterClient.Answer imported = center.importRepository("dev", repository);
		assertThat(imported.status()).as(imported.body().toString()).isEqualTo(200);

		String token = center.createToken("sample-apps", "client", "*", "dev");
		eu = SampleAppUnderTest.start(server.grpcAddress(), token, work.resolve("eu"), "--spring.profiles.active=eu",
				"--mcp.client.instance-id=sample-eu");
		other = SampleAppUnderTest.start(server.grpcAddress(), token, work.resolve("other"),
				"--mcp.client.app=billing", "--mcp.client.instance-id=billing-1");
	}

	@AfterAll
	static void stop() {
		for (AutoCloseable closeable : new AutoCloseable[] { eu, other, server }) {
			if (closeable != null) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
		}
	}

	@Test
	void eachAppSeesTheSharedLayerItsOwnFilesAndItsProfilesAndFollowsASharedChange() {
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode settings = eu.json("/settings");
			assertThat(settings.get("greeting").asText()).isEqualTo("Hallo from the eu document");
			assertThat(settings.get("maxConnections").asInt()).isEqualTo(11);
			assertThat(settings.get("timeout").asText()).isEqualTo("PT4S");
			assertThat(eu.text("/value")).isEqualTo("Hallo from the eu document");
		});
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode settings = other.json("/settings");
			assertThat(settings.get("greeting").asText()).isEqualTo("Hello from the shared application.yml");
			assertThat(settings.get("maxConnections").asInt()).isEqualTo(7);
			assertThat(settings.get("timeout").asText()).isEqualTo("PT6S");
		});
		JsonNode instances = center.get("/api/v1/configs/mcp-sample-app/dev/instances");
		assertThat(instances.get(0).get("profiles").toString()).isEqualTo("[\"eu\"]");

		center.publishYaml("application", "dev", """
				sample:
				  greeting: Hello from the new shared layer
				  max-connections: 9
				""");
		await().atMost(DEADLINE).untilAsserted(() -> {
			assertThat(other.text("/greeting")).isEqualTo("Hello from the new shared layer");
			assertThat(other.json("/settings").get("maxConnections").asInt()).isEqualTo(9);
		});
		// the eu app's own documents still win over the shared layer
		JsonNode euSettings = eu.json("/settings");
		assertThat(euSettings.get("greeting").asText()).isEqualTo("Hallo from the eu document");
		assertThat(euSettings.get("maxConnections").asInt()).isEqualTo(11);
		JsonNode last = lastEvent(other);
		assertThat(last.get("changes").toString()).contains("sample.greeting").contains("sample.max-connections");
	}

	private static JsonNode lastEvent(SampleAppUnderTest app) {
		JsonNode events = app.json("/events");
		return events.get(events.size() - 1);
	}

}
