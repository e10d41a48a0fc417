package io.mcpconfig.server.web;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.server.TestTokens;
import io.mcpconfig.server.admin.AdminClient;
import io.mcpconfig.server.sync.AdminApiSessionTests;
import org.junit.jupiter.api.Test;

import static io.mcpconfig.server.admin.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code 400} about a path segment, query parameter or header names it in
 * {@code "parameter": {"in": ..., "name": ...}}, and one about the body names none: a
 * client that sends a file with flags (mcpctl's {@code gray start -f patch.yml --selector
 * ...}) blames the file only when the file is wrong. The same name check serves the path,
 * the query and bodies, so where a refused name came from is told by the request.
 */
class ErrorParameterTests extends AdminApiSessionTests {

	private static final String YAML = AdminClient.YAML;

	@Test
	void aRefusedPathSegmentIsNamedAsAPathParameter() {
		assertParameter(this.admin.put("/api/v1/configs/bad%20app/dev", YAML, "pool: 10\n"), "path", "app");
		assertParameter(this.admin.get("/api/v1/configs/orders/bad%20env"), "path", "env");
		publish("/api/v1/configs/named/dev");
		assertParameter(this.admin.put("/api/v1/configs/named/dev/overlays/e%20u?selector=region=eu", YAML,
				"pool: 20\n"), "path", "name");
		// the shared layer has no overlays or gray: its name in the path is what is wrong, not the patch
		publish("/api/v1/configs/application/dev");
		assertParameter(this.admin.put("/api/v1/configs/application/dev/overlays/eu?selector=region=eu", YAML,
				"pool: 20\n"), "path", "app");
		assertParameter(this.admin.put("/api/v1/configs/application/dev/gray?percentage=10", YAML, "pool: ["),
				"path", "app");
	}

	@Test
	void aRefusedQueryParameterIsNamedAsOne() {
		publish("/api/v1/configs/queried/dev");
		String gray = "/api/v1/configs/queried/dev/gray";
		assertParameter(this.admin.put(gray + "?selector=region", YAML, "pool: 20\n"), "query", "selector");
		assertParameter(this.admin.put(gray + "?percentage=150", YAML, "pool: 20\n"), "query", "percentage");
		assertParameter(this.admin.put(gray + "?percentage=ten", YAML, "pool: 20\n"), "query", "percentage");
		assertParameter(this.admin.put(gray, YAML, "pool: 20\n"), "query", "percentage");
		assertParameter(this.admin.put(gray + "?instances=" + "i".repeat(300), YAML, "pool: 20\n"), "query",
				"instances");
		// no instance may subscribe with a line break or a bidirectional override in its id
		HttpResponse<String> controlInId = this.admin.put(gray + "?instances=a,b%0Ac", YAML, "pool: 20\n");
		assertParameter(controlInId, "query", "instances");
		assertThat(json(controlInId).get("error").asText())
			.isEqualTo("instances: the id 'b\\nc' contains the control character U+000A, which no instance id may");
		assertParameter(this.admin.put(gray + "?instances=a%E2%80%AEb", YAML, "pool: 20\n"), "query", "instances");
		assertParameter(this.admin.put("/api/v1/configs/queried/dev?commnet=x", YAML, "pool: 20\n"), "query",
				"commnet");
		assertParameter(this.admin.put("/api/v1/configs/queried/dev?dryRun=false", YAML, "pool: 20\n"), "query",
				"dryRun");
		assertParameter(this.admin.put("/api/v1/configs/queried/dev?DryRun=maybe", YAML, "pool: 20\n"), "query",
				"DryRun");
		String longComment = "c".repeat(1025);
		assertParameter(this.admin.put("/api/v1/configs/queried/dev?comment=" + longComment, YAML, "pool: 20\n"),
				"query", "comment");
		assertParameter(this.admin.put("/api/v1/configs/queried/dev?dryRun&comment=" + longComment, YAML,
				"pool: 20\n"), "query", "comment");
		assertParameter(this.admin.get("/api/v1/configs/queried/dev/releases?limit=0"), "query", "limit");
		assertParameter(this.admin.get("/api/v1/audit?app=bad%20app"), "query", "app");
		assertParameter(this.admin.get("/api/v1/audit?since=yesterday"), "query", "since");
		assertParameter(this.admin.get("/api/v1/configs?env=bad%20env"), "query", "env");
	}

	@Test
	void aChangeWithAQueryValueThatIsNotValidPercentEncodingIsRefusedAndChangesNothing() throws IOException {
		publish("/api/v1/configs/escaped/dev");
		// Tomcat drops such a parameter: the overlay would select every instance, the gray take all of them
		// sent over a socket: java.net.URI refuses to make such a request at all
		assertMalformed(rawPut("/api/v1/configs/escaped/dev/overlays/eu?selector=region%3De%ZZ"), "selector");
		assertMalformed(rawPut("/api/v1/configs/escaped/dev/gray?selector=region%3Deu&percentage=1%ZZ"),
				"percentage");
		JsonNode refused = rawPut("/api/v1/configs/escaped/dev?comment=50%");
		assertMalformed(refused, "comment");
		assertThat(refused.get("error").asText()).isEqualTo("'comment=50%' is not valid percent-encoding (a %"
				+ " must be followed by two hex digits; send a % itself as %25), so nothing was changed");
		assertThat(json(this.admin.get("/api/v1/configs/escaped/dev/overlays"))).isEmpty();
		assertThat(this.admin.get("/api/v1/configs/escaped/dev/gray").statusCode()).isEqualTo(404);
		assertThat(json(this.admin.get("/api/v1/configs/escaped/dev/releases"))).hasSize(1);
	}

	@Test
	void aRefusedHeaderIsNamedAsOne() {
		publish("/api/v1/configs/headed/dev");
		assertParameter(this.admin.put("/api/v1/configs/headed/dev", YAML, "pool: 20\n", "If-Match", "latest"),
				"header", "If-Match");
		assertParameter(this.admin.put("/api/v1/configs/headed/dev", YAML, "pool: 20\n", "If-None-Match", "*"),
				"header", "If-None-Match");
		assertParameter(this.admin.put("/api/v1/configs/headed/dev/gray?percentage=10", YAML, "pool: 20\n",
				"If-None-Match", "\"3\""), "header", "If-None-Match");
		assertParameter(this.admin.send(HttpRequest.newBuilder(this.admin.uri("/api/v1/configs/headed/dev"))
			.header("Content-Type", "application/yaml; charset=no-such-charset")
			.PUT(BodyPublishers.ofString("pool: 20\n"))), "header", "Content-Type");
	}

	@Test
	void aRefusedBodyNamesNoParameter() {
		publish("/api/v1/configs/bodied/dev");
		assertNoParameter(this.admin.put("/api/v1/configs/bodied/dev", YAML, "pool: [\n"));
		assertNoParameter(this.admin.put("/api/v1/configs/bodied/dev/gray?percentage=10", YAML, "{}\n"));
		// nor is a field of a JSON body, even the comment a publish takes in its query
		assertNoParameter(this.admin.post("/api/v1/configs/bodied/dev/rollback", "{\"toVersion\": \"one\"}"));
		assertNoParameter(this.admin.post("/api/v1/configs/bodied/dev/rollback",
				"{\"toVersion\": 1, \"comment\": \"" + "c".repeat(1025) + "\"}"));
	}

	/** A PUT of a small YAML body to a target as sent, escapes and all: its JSON answer, which must be a 400. */
	private JsonNode rawPut(String target) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.admin.uri("/").getPort())) {
			socket.setSoTimeout(10_000);
			String body = "pool: 20\n";
			socket.getOutputStream()
				.write(("PUT " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + TestTokens.ADMIN
						+ "\r\nContent-Type: application/yaml\r\nContent-Length: " + body.length()
						+ "\r\nConnection: close\r\n\r\n" + body)
					.getBytes(StandardCharsets.US_ASCII));
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(answer).as(target).startsWith("HTTP/1.1 400 ");
			return json(answer.substring(answer.indexOf('{'), answer.lastIndexOf('}') + 1));
		}
	}

	private static void assertMalformed(JsonNode error, String name) {
		assertThat(error.get("error").asText()).contains("is not valid percent-encoding");
		assertThat(error.get("parameter").get("in").asText()).isEqualTo("query");
		assertThat(error.get("parameter").get("name").asText()).isEqualTo(name);
	}

	private void publish(String path) {
		HttpResponse<String> published = this.admin.put(path, YAML, "pool: 10\n");
		assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
	}

	private static void assertParameter(HttpResponse<String> response, String in, String name) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		JsonNode parameter = json(response).get("parameter");
		assertThat(parameter).as(response.body()).isNotNull();
		assertThat(parameter.get("in").asText()).as(response.body()).isEqualTo(in);
		assertThat(parameter.get("name").asText()).as(response.body()).isEqualTo(name);
	}

	private static void assertNoParameter(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(json(response).has("parameter")).as(response.body()).isFalse();
	}

}
