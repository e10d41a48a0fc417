package io.mcpconfig.client.actuate;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import io.mcpconfig.client.LocalHttp;
import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.protocol.ConfigChecksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /actuator/health} and {@code /actuator/mcp} over HTTP, as operators and load
 * balancers see them, of a web application connected to a real gRPC config center.
 */
class McpActuatorHttpTests {

	private static final Map<String, String> RELEASE = Map.of("sample.greeting", "hello", "db.password", "pw",
			"api.token", "tk", "aws.secret-key", "sk");

		private static final ObjectMapper json = new ObjectMapper();

	private static TestConfigServer server;

	private static ConfigurableApplicationContext context;

	@BeforeAll
	static void start() {
		server = TestConfigServer.start();
		server.setRelease(RELEASE);
		context = TestApp.run(server.address(), "--spring.main.web-application-type=servlet", "--server.port=0",
				"--management.endpoints.web.exposure.include=health,mcp",
				"--management.endpoint.health.show-details=always",
				"--management.endpoint.mcp.show-values=always");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> context.getBean(SyncStatusTracker.class).status().isConnected());
	}

	@AfterAll
	static void stop() {
		try {
			if (context != null) {
				context.close();
			}
		}
		finally {
			server.close();
		}
	}

	@Test
	void healthEndpointHasTheMcpComponentWithItsDetails() throws Exception {
		JsonNode health = LocalHttp.getJson(context, "/actuator/health");

		assertThat(health.path("status").asText()).isEqualTo("UP");
		JsonNode mcp = health.path("components").path("mcp");
		assertThat(mcp.path("status").asText()).isEqualTo("UP");
		JsonNode details = mcp.path("details");
		assertThat(details.path("source").asText()).isEqualTo("REMOTE");
		assertThat(details.path("app").asText()).isEqualTo(TestApp.APP);
		assertThat(details.path("env").asText()).isEqualTo(TestApp.ENV);
		assertThat(details.path("version").asLong()).isEqualTo(1);
		assertThat(details.path("checksum").asText()).isEqualTo(ConfigChecksum.of(RELEASE));
		assertThat(details.path("server").asText()).isEqualTo(server.address());
		assertThat(details.path("degraded").asBoolean()).isFalse();
		assertThat(details.path("lastSync").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
	}

	@Test
	void mcpEndpointShowsTheConfigurationWithSecretsMasked() throws Exception {
		JsonNode mcp = LocalHttp.getJson(context, "/actuator/mcp");

		assertThat(mcp.path("target").path("app").asText()).isEqualTo(TestApp.APP);
		assertThat(mcp.path("target").path("env").asText()).isEqualTo(TestApp.ENV);
		assertThat(mcp.path("version").asLong()).isEqualTo(1);
		assertThat(mcp.path("checksum").asText()).isEqualTo(ConfigChecksum.of(RELEASE));
		assertThat(mcp.path("source").asText()).isEqualTo("REMOTE");
		assertThat(mcp.path("server").asText()).isEqualTo(server.address());
		assertThat(mcp.path("degraded").asBoolean()).isFalse();
		assertThat(mcp.path("status").path("reconnects").asLong()).isZero();
		assertThat(json.convertValue(mcp.path("properties"), Map.class)).containsExactly(
				Map.entry("api.token", "******"), Map.entry("aws.secret-key", "******"),
				Map.entry("db.password", "******"), Map.entry("sample.greeting", "hello"));
	}


}
