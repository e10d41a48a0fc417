package io.mcpconfig.server.security;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.server.DataDirectoryTests;
import io.mcpconfig.server.admin.AdminClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static io.mcpconfig.server.admin.AdminClient.error;
import static io.mcpconfig.server.admin.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Token requests over real HTTP against a center on the file store that made its own
 * first admin token (none is configured, so the stored admin tokens are all there are): a
 * request body is read within {@code mcp.server.max-body-size} and strictly, what a token
 * lists is bounded, a refusal stores and records nothing, and the last admin token stays.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "mcp.server.security.admin-token=" })
@DirtiesContext
class TokensHttpTests extends DataDirectoryTests {

	private static final String[] STORED = { "tokens.json", "tokens-audit.json", "audit.jsonl" };

	@LocalServerPort
	int port;

	private AdminClient admin;

	@BeforeEach
	void admin() throws Exception {
		this.admin = new AdminClient(this.port).as(Files.readString(dataDir.resolve("admin-token")).trim());
	}

	@Test
	void aBodyLargerThanMaxBodySizeIsRefusedBeforeAnythingIsStored() throws Exception {
		List<String> before = stored();
		String apps = String.join(",", Collections.nCopies(12_000, "\"" + "a".repeat(98) + "\""));
		String body = "{\"name\":\"big\",\"role\":\"reader\",\"apps\":[" + apps + "],\"envs\":[\"b\"]}";
		assertThat(body.length()).isGreaterThan(1024 * 1024);

		HttpResponse<String> declared = this.admin.post("/api/v1/tokens", body);
		assertThat(declared.statusCode()).isEqualTo(413);
		assertThat(error(declared)).contains("larger than 1048576 bytes (mcp.server.max-body-size)");
		// chunked: no Content-Length to refuse it by, so it is cut off while being read
		HttpResponse<String> chunked = this.admin.send(HttpRequest.newBuilder(this.admin.uri("/api/v1/tokens"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofInputStream(
					() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))));
		assertThat(chunked.statusCode()).isEqualTo(413);

		assertThat(stored()).isEqualTo(before);
		assertThat(names()).doesNotContain("big");
	}

	@Test
	void aFieldGivenTwiceIsRefusedNamingItInsteadOfTheLastOneWinning() throws Exception {
		List<String> before = stored();
		HttpResponse<String> twice = this.admin.post("/api/v1/tokens", "{\"name\":\"dupf\",\"role\":\"reader\","
				+ "\"apps\":[\"orders\"],\"envs\":[\"prod\"],\"role\":\"publisher\"}");
		assertThat(twice.statusCode()).isEqualTo(400);
		assertThat(error(twice)).isEqualTo("invalid JSON at line 1, column 72: Duplicate field 'role'");
		assertThat(stored()).isEqualTo(before);
		assertThat(names()).doesNotContain("dupf");
	}

	@Test
	void anythingAfterTheObjectOrACutOffObjectIsRefusedWithoutJacksonsWords() throws Exception {
		List<String> before = stored();
		HttpResponse<String> trailing = this.admin.post("/api/v1/tokens",
				"{\"name\":\"trail\",\"role\":\"reader\",\"apps\":[\"a\"],\"envs\":[\"b\"]} {");
		assertThat(trailing.statusCode()).isEqualTo(400);
		assertThat(error(trailing))
			.isEqualTo("invalid JSON at line 1, column 60: more follows the JSON value; send one JSON object only");
		HttpResponse<String> cut = this.admin.post("/api/v1/tokens", "{\"name\":\"cut\",\"role\":\"reader\"");
		assertThat(cut.statusCode()).isEqualTo(400);
		assertThat(error(cut)).startsWith("invalid JSON at line 1, column ").doesNotContain("`", "Source", "Feature");
		HttpResponse<String> unclosed = this.admin.post("/api/v1/tokens", "\u0000\u0000\u0000{");
		assertThat(unclosed.statusCode()).isEqualTo(400);
		assertThat(error(unclosed)).doesNotContain("`", "Source", "Feature");
		assertThat(stored()).isEqualTo(before);
		assertThat(names()).doesNotContain("trail", "cut");
	}

	@Test
	void whatATokenListsIsBoundedAndEachNameKeptOnce() throws Exception {
		List<String> apps = new ArrayList<>();
		for (int i = 0; i <= 256; i++) {
			apps.add("\"app-" + i + "\"");
		}
		HttpResponse<String> tooMany = this.admin.post("/api/v1/tokens",
				"{\"name\":\"many\",\"role\":\"reader\",\"apps\":[" + String.join(",", apps) + "],\"envs\":[\"b\"]}");
		assertThat(tooMany.statusCode()).isEqualTo(400);
		assertThat(error(tooMany)).startsWith("apps lists 257 entries, more than the 256 a token may list");

		String long1 = "e".repeat(5000);
		HttpResponse<String> tooLong = this.admin.post("/api/v1/tokens",
				"{\"name\":\"long\",\"role\":\"reader\",\"apps\":[\"a\"],\"envs\":[\"" + long1 + "\"]}");
		assertThat(tooLong.statusCode()).isEqualTo(400);
		assertThat(error(tooLong)).startsWith("envs an entry of 5000 characters is not allowed: use 1 to 128")
			.doesNotContain(long1);

		HttpResponse<String> twice = this.admin.post("/api/v1/tokens", "{\"name\":\"twice\",\"role\":\"reader\","
				+ "\"apps\":[\"orders\",\"orders\",\"pay\"],\"envs\":[\"b\",\"b\"]}");
		assertThat(twice.statusCode()).as(twice.body()).isEqualTo(201);
		assertThat(json(twice).get("apps").toString()).isEqualTo("[\"orders\",\"pay\"]");
		assertThat(json(twice).get("envs").toString()).isEqualTo("[\"b\"]");
		assertThat(names()).doesNotContain("many", "long");
	}

	@Test
	void revokingATokenThatDoesNotExistSaysWhichOne() {
		HttpResponse<String> revoke = this.admin.delete("/api/v1/tokens/nonexistent");
		assertThat(revoke.statusCode()).isEqualTo(404);
		assertThat(error(revoke)).isEqualTo("no token named nonexistent");
	}

	@Test
	void theLastAdminTokenCannotBeRevokedAndTheRefusalIsNotAudited() throws Exception {
		long revocations = revocations();
		List<String> before = stored();

		HttpResponse<String> self = this.admin.delete("/api/v1/tokens/admin");
		assertThat(self.statusCode()).isEqualTo(409);
		assertThat(error(self)).isEqualTo("token 'admin' is the last admin token: revoking it would leave nobody able"
				+ " to manage tokens; create another admin token first (POST /api/v1/tokens with \"role\": \"admin\"),"
				+ " then revoke this one");
		assertThat(stored()).isEqualTo(before);
		assertThat(revocations()).isEqualTo(revocations);
		assertThat(names()).contains("admin");

		// with a second admin token, either may go, itself included
		HttpResponse<String> deputy = this.admin.post("/api/v1/tokens", "{\"name\":\"deputy\",\"role\":\"admin\"}");
		assertThat(deputy.statusCode()).as(deputy.body()).isEqualTo(201);
		AdminClient asDeputy = this.admin.as(json(deputy).get("token").asText());
		assertThat(asDeputy.delete("/api/v1/tokens/deputy").statusCode()).isEqualTo(204);
		assertThat(revocations()).isEqualTo(revocations + 1);
		assertThat(this.admin.delete("/api/v1/tokens/admin").statusCode()).isEqualTo(409);
	}

	private List<String> names() {
		HttpResponse<String> list = this.admin.get("/api/v1/tokens");
		assertThat(list.statusCode()).isEqualTo(200);
		return json(list).findValuesAsText("name");
	}

	private long revocations() {
		JsonNode page = json(this.admin.get("/api/v1/audit?action=token-revoke"));
		return page.get("total").asLong();
	}

	/** What the store keeps of tokens and their audit, as it is on disk. */
	private static List<String> stored() throws Exception {
		List<String> contents = new ArrayList<>();
		for (String name : STORED) {
			Path file = dataDir.resolve(name);
			contents.add(Files.exists(file) ? Files.readString(file) : "");
		}
		return contents;
	}

}
