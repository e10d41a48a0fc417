package io.mcpconfig.sample;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mcpconfig.testsupport.center.McpServerProcess;
import io.mcpconfig.testsupport.center.ConfigCenterClient;
import io.mcpconfig.testsupport.tls.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole loop with real parts, secured as in production: a publish over the admin API
 * of the real center reaches the sample app over gRPC with mutual TLS (certificates the
 * test makes; the center needs a client certificate, the app names its bundle in
 * {@code mcp.client.ssl.bundle}), and shows in its {@code @RefreshScope} bean, the
 * {@code @Value} field of a plain singleton, its {@code @ConfigurationProperties} bean,
 * the {@code ConfigChangeEvent}s it received and the calls of its
 * {@code @McpConfigListener(prefixes = "sample")} method.
 * The other end-to-end tests run in plaintext.
 */
class LiveChangeEndToEndTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	@TempDir
	static Path work;

	static McpServerProcess server;

	static ConfigCenterClient center;

	static SampleAppUnderTest app;

	@BeforeAll
	static void start() throws Exception {
		TestCertificates ca = TestCertificates.authority(Files.createDirectories(work.resolve("ca")), "MCP Test CA");
		server = McpServerProcess.start(work.resolve("server"),
				args(ca.pemBundle("center", ca.serverCertificate("center")), "mcp.server.grpc.ssl.bundle=center",
						"mcp.server.grpc.ssl.client-auth=need"));
		center = server.admin();
		String token = center.createToken("sample-app", "client", "mcp-sample-app", "dev");
		app = SampleAppUnderTest.start(server.grpcAddress(), token, work.resolve("snapshots"),
				args(ca.pemBundle("mcp", ca.clientCertificate("mcp-sample-app")), "mcp.client.ssl.bundle=mcp"));
	}

	private static String[] args(List<String> bundle, String... settings) {
		return Stream.concat(bundle.stream(), Stream.of(settings))
			.map((setting) -> "--" + setting)
			.toArray(String[]::new);
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
		if (server != null) {
			server.close();
		}
	}

	@Test
	void addModifyAndDeleteReachEveryKindOfBean() {
		// Before any release the app runs on its application.yml.
		assertThat(app.text("/greeting")).isEqualTo("Hello from application.yml");
		assertThat(app.text("/value")).isEqualTo("Hello from application.yml");

		long added = center.publishYaml("mcp-sample-app", "dev", """
				sample:
				  greeting: Hi from the center
				  max-connections: 20
				  timeout: 3s
				""");
		await().atMost(DEADLINE).untilAsserted(() -> {
			assertThat(app.text("/greeting")).isEqualTo("Hi from the center");
			assertThat(app.text("/value")).isEqualTo("Hi from the center");
			JsonNode settings = app.json("/settings");
			assertThat(settings.get("greeting").asText()).isEqualTo("Hi from the center");
			assertThat(settings.get("maxConnections").asInt()).isEqualTo(20);
			assertThat(settings.get("timeout").asText()).isEqualTo("PT3S");
		});
		JsonNode addedEvent = lastEvent();
		assertThat(addedEvent.get("oldVersion").asLong()).isZero();
		assertThat(addedEvent.get("newVersion").asLong()).isEqualTo(added);
		assertThat(changes(addedEvent)).containsExactlyInAnyOrder("ADDED sample.greeting null->Hi from the center",
				"ADDED sample.max-connections null->20", "ADDED sample.timeout null->3s");

		long modified = center.publishYaml("mcp-sample-app", "dev", """
				sample:
				  greeting: Hi again
				  max-connections: 20
				  timeout: 3s
				""");
		await().atMost(DEADLINE).untilAsserted(() -> {
			assertThat(app.text("/greeting")).isEqualTo("Hi again");
			assertThat(app.text("/value")).isEqualTo("Hi again");
		});
		JsonNode modifiedEvent = lastEvent();
		assertThat(modifiedEvent.get("oldVersion").asLong()).isEqualTo(added);
		assertThat(modifiedEvent.get("newVersion").asLong()).isEqualTo(modified);
		assertThat(changes(modifiedEvent)).containsExactly("MODIFIED sample.greeting Hi from the center->Hi again");

		long deleted = center.publishYaml("mcp-sample-app", "dev", """
				sample:
				  greeting: Hi again
				  max-connections: 20
				""");
		// The deleted key falls back to application.yml's 1s.
		await().atMost(DEADLINE)
			.untilAsserted(() -> assertThat(app.json("/settings").get("timeout").asText()).isEqualTo("PT1S"));
		JsonNode deletedEvent = lastEvent();
		assertThat(deletedEvent.get("oldVersion").asLong()).isEqualTo(modified);
		assertThat(deletedEvent.get("newVersion").asLong()).isEqualTo(deleted);
		assertThat(changes(deletedEvent)).containsExactly("DELETED sample.timeout 3s->null");
		assertThat(deletedEvent.get("source").asText()).isEqualTo("REMOTE");
		assertThat(app.text("/value")).isEqualTo("Hi again");
		assertThat(app.json("/events")).hasSize(3);

		// A release that changes no sample.* key reaches the events, not the sample listener.
		long other = center.publishYaml("mcp-sample-app", "dev", """
				sample:
				  greeting: Hi again
				  max-connections: 20
				other:
				  note: not for the sample listener
				""");
		await().atMost(DEADLINE)
			.untilAsserted(() -> assertThat(lastEvent().get("newVersion").asLong()).isEqualTo(other));
		assertThat(app.json("/listener-calls")).extracting((call) -> call.get("newVersion").asLong())
			.containsExactly(added, modified, deleted);
	}

	@Test
	void healthShowsTheClientConnectedToTheCenter() {
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode mcp = app.json("/actuator/health").get("components").get("mcp");
			assertThat(mcp.get("status").asText()).isEqualTo("UP");
			assertThat(mcp.get("details").get("server").asText()).isEqualTo(server.grpcAddress());
			assertThat(mcp.get("details").get("degraded").asBoolean()).isFalse();
		});
	}

	private static JsonNode lastEvent() {
		JsonNode events = app.json("/events");
		return events.get(events.size() - 1);
	}

	private static List<String> changes(JsonNode event) {
		List<String> changes = new ArrayList<>();
		event.get("changes")
			.forEach((change) -> changes.add(change.get("kind").asText() + " " + change.get("key").asText() + " "
					+ text(change.get("oldValue")) + "->" + text(change.get("newValue"))));
		return changes;
	}

	private static String text(JsonNode value) {
		return (value == null || value.isNull()) ? "null" : value.asText();
	}

}
