package io.mcpconfig.client.apps;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestApp.Greeter;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.protocol.v1.ConfigUpdate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A servlet application whose Actuator Spring Security guards as Boot sets it up (health
 * open, every other endpoint behind a login), with every endpoint exposed: the starter
 * neither breaks that nor opens anything, and {@code mcp} shows its details and values
 * to an authenticated user only.
 */
class SecuredActuatorTests {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final ObjectMapper json = new ObjectMapper();

	private static final String OPERATOR = "Basic "
			+ Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8));

	@Test
	void actuatorStaysSecuredAndMcpShowsOnlyToAuthenticatedUsers() throws Exception {
		try (TestConfigServer server = TestConfigServer.start()) {
			server.setRelease(Map.of("sample.greeting", "hello", "db.password", "pw"));
			try (ConfigurableApplicationContext context = TestApp.run(server.address(),
					"--spring.main.web-application-type=servlet", "--server.port=0",
					"--management.endpoints.web.exposure.include=*",
					"--management.endpoint.health.show-details=when-authorized",
					"--management.endpoint.mcp.show-values=when-authorized", "--spring.security.user.name=ops",
					"--spring.security.user.password=s3cret")) {
				server.awaitSubscribed(1);
				ConfigUpdate v2 = server.publish(Map.of("sample.greeting", "hi", "db.password", "pw"));
				server.awaitAck(v2);
				assertThat(context.getBean(Greeter.class).greeting()).isEqualTo("hi");

				// Anonymous: health says UP and nothing more; every other endpoint wants a login.
				HttpResponse<String> health = send(context, "GET", "/actuator/health", null);
				assertThat(health.statusCode()).isEqualTo(200);
				assertThat(json.readTree(health.body()).has("components")).isFalse();
				assertThat(send(context, "GET", "/actuator/health/mcp", null).body()).doesNotContain("version");
				for (String path : new String[] { "/actuator", "/actuator/mcp", "/actuator/env", "/actuator/refresh" }) {
					assertThat(send(context, "GET", path, null).statusCode()).as(path).isEqualTo(401);
				}
				assertThat(send(context, "POST", "/actuator/refresh", null).statusCode()).isIn(401, 403);

				// Authenticated: the component's details and the endpoint's values, secrets masked.
				JsonNode mcpHealth = json.readTree(send(context, "GET", "/actuator/health", OPERATOR).body())
					.path("components")
					.path("mcp");
				assertThat(mcpHealth.path("status").asText()).isEqualTo("UP");
				assertThat(mcpHealth.path("details").path("version").asLong()).isEqualTo(2);
				HttpResponse<String> mcp = send(context, "GET", "/actuator/mcp", OPERATOR);
				assertThat(mcp.statusCode()).isEqualTo(200);
				assertThat(json.convertValue(json.readTree(mcp.body()).path("properties"), Map.class))
					.containsExactly(Map.entry("db.password", "******"), Map.entry("sample.greeting", "hi"));
			}
		}
	}

	private static HttpResponse<String> send(ConfigurableApplicationContext context, String method, String path,
			String authorization) throws IOException, InterruptedException {
		String port = context.getEnvironment().getProperty("local.server.port");
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(5))
			.header("Accept", "application/json")
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
