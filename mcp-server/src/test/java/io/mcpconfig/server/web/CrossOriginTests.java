package io.mcpconfig.server.web;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;

import io.mcpconfig.server.DataDirectoryTests;
import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.admin.AdminClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pages of the origins in {@code mcp.server.cors.allowed-origins} call the admin API from a
 * browser: their preflights are answered without a token, and every answer, a refusal
 * too, carries what their browser needs to let them read it. Other origins get no CORS
 * header at all, which is what makes a browser refuse them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "grpc.server.port=0",
		"mcp.server.cors.allowed-origins=https://portal.example.com,https://*.corp.example" })
class CrossOriginTests extends DataDirectoryTests {

	private static final String PORTAL = "https://portal.example.com";

	private static final String CONFIG = "/api/v1/configs/cors/dev";

	@LocalServerPort
	int port;

	private AdminClient admin;

	private AdminClient anonymous;

	@BeforeEach
	void clients() {
		this.admin = new AdminClient(this.port);
		this.anonymous = this.admin.as(null);
	}

	@Test
	void aPreflightFromAnAllowedOriginIsAnsweredWithoutAToken() {
		HttpResponse<String> preflight = preflight(PORTAL, "PUT", "authorization, content-type, if-match");
		assertThat(preflight.statusCode()).isEqualTo(200);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue(PORTAL);
		assertThat(values(preflight, "Access-Control-Allow-Methods")).contains("PUT", "DELETE", "GET");
		assertThat(values(preflight, "Access-Control-Allow-Headers")).containsExactlyInAnyOrder("authorization",
				"content-type", "if-match");
		assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).hasValue("1800");
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

		String team = "https://team-a.corp.example";
		assertThat(preflight(team, "DELETE", "authorization").headers().firstValue("Access-Control-Allow-Origin"))
			.hasValue(team);
	}

	@Test
	void aPreflightForAnotherMethodOrHeaderGetsNoPermissionForIt() {
		HttpResponse<String> patch = preflight(PORTAL, "PATCH", "authorization");
		assertThat(patch.statusCode()).isEqualTo(403);
		assertThat(patch.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
		// the headers it may send are listed: the browser refuses to send another
		HttpResponse<String> header = preflight(PORTAL, "PUT", "authorization, x-secret");
		assertThat(values(header, "Access-Control-Allow-Headers")).containsExactly("authorization");
	}

	@Test
	void answersToAnAllowedOriginCarryItsHeadersRefusalsToo() {
		HttpResponse<String> unauthenticated = this.anonymous.send(HttpRequest.newBuilder(this.admin.uri(CONFIG))
			.header("Origin", PORTAL));
		assertThat(unauthenticated.statusCode()).isEqualTo(401);
		assertThat(unauthenticated.headers().firstValue("Access-Control-Allow-Origin")).hasValue(PORTAL);

		HttpResponse<String> published = this.admin.put(CONFIG, AdminClient.PROPERTIES, "a=1\n", "Origin", PORTAL);
		assertThat(published.statusCode()).isEqualTo(201);
		assertThat(published.headers().firstValue("Access-Control-Allow-Origin")).hasValue(PORTAL);
		assertThat(values(published, "Access-Control-Expose-Headers")).contains("ETag", "Location", "Retry-After");
	}

	@Test
	void anotherOriginGetsNoCorsHeaderAndTheApiAsWithoutCors() {
		String other = "https://evil.example";
		HttpResponse<String> preflight = preflight(other, "PUT", "authorization");
		assertThat(preflight.statusCode()).isEqualTo(401);
		assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

		// as a same-origin page behind a proxy that rewrites the host looks to the center
		HttpResponse<String> published = this.admin.put("/api/v1/configs/cors-other/dev", AdminClient.PROPERTIES,
				"a=1\n", "Origin", other);
		assertThat(published.statusCode()).isEqualTo(201);
		assertThat(published.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
	}

	@Test
	void withoutOriginsTheFilterIsOff() {
		new WebApplicationContextRunner().withUserConfiguration(CrossOriginConfiguration.class, Properties.class)
			.run((context) -> assertThat(context.getBean(FilterRegistrationBean.class).isEnabled()).isFalse());
		new WebApplicationContextRunner().withUserConfiguration(CrossOriginConfiguration.class, Properties.class)
			.withPropertyValues("mcp.server.cors.allowed-origins[0]=" + PORTAL)
			.run((context) -> assertThat(context.getBean(FilterRegistrationBean.class).isEnabled()).isTrue());
	}

	private HttpResponse<String> preflight(String origin, String method, String headers) {
		return this.anonymous.send(HttpRequest.newBuilder(this.admin.uri(CONFIG))
			.method("OPTIONS", BodyPublishers.noBody())
			.header("Origin", origin)
			.header("Access-Control-Request-Method", method)
			.header("Access-Control-Request-Headers", headers));
	}

	private static List<String> values(HttpResponse<String> response, String header) {
		return response.headers()
			.allValues(header)
			.stream()
			.flatMap((value) -> List.of(value.split(",\\s*")).stream())
			.toList();
	}

	@EnableConfigurationProperties(McpServerProperties.class)
	static class Properties {

	}

}
