package io.mcpconfig.server.audit;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.server.DataDirectoryTests;
import io.mcpconfig.server.TestTokens;
import io.mcpconfig.server.admin.AdminClient;
import io.mcpconfig.server.security.Permission;
import io.mcpconfig.server.security.RequiresPermission;
import io.mcpconfig.server.web.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static io.mcpconfig.server.admin.AdminClient.error;
import static io.mcpconfig.server.admin.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit log over real HTTP against a started center on the file store: what publishes,
 * rollbacks and token changes record, what refused requests do not, and who sees which
 * entries. Requests from 127.0.0.2 come from a trusted proxy. Each test uses apps of its
 * own, since all share one log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "mcp.server.audit.trusted-proxies=10.1.0.0/16, 127.0.0.2" })
@Import(AuditLogTests.UnfilteredListController.class)
@DirtiesContext
class AuditLogTests extends DataDirectoryTests {

	private static final String YAML = AdminClient.YAML;

	private static final String PROPERTIES = AdminClient.PROPERTIES;

	@LocalServerPort
	int port;

	private AdminClient admin;

	@BeforeEach
	void admin() {
		this.admin = new AdminClient(this.port);
	}

	@Test
	void aPublishRecordsWhoWhenWhereAndTheKeysItChangedWithSecretValuesMasked() throws Exception {
		assertThat(this.admin.put("/api/v1/configs/audited/dev", YAML, """
				greeting: hello
				gone: x
				db:
				  password: hunter2
				  url: jdbc:postgresql://app:first-pw@db/shop
				""").statusCode()).isEqualTo(201);
		HttpResponse<String> second = this.admin.put("/api/v1/configs/audited/dev?comment=tune", PROPERTIES, """
				greeting=hi
				db.password=s3cret
				db.url=jdbc:postgresql://app:second-pw@db/shop
				pool.size=5
				""", "X-Forwarded-For", "203.0.113.7");
		assertThat(second.statusCode()).isEqualTo(200);

		JsonNode page = audit(this.admin, "app=audited&env=dev");
		assertThat(page.get("total").asLong()).isEqualTo(2);
		JsonNode entry = page.get("entries").get(0);
		assertThat(entry.get("action").asText()).isEqualTo("publish");
		assertThat(entry.get("who").get("name").asText()).isEqualTo("admin");
		assertThat(entry.get("who").get("role").asText()).isEqualTo("admin");
		// 127.0.0.1 is no trusted proxy: what it says in X-Forwarded-For is not taken
		assertThat(entry.get("from").get("address").asText()).isEqualTo("127.0.0.1");
		assertThat(entry.get("from").has("forwardedFor")).isFalse();
		assertThat(Instant.parse(entry.get("at").asText()))
			.isEqualTo(Instant.parse(json(second).get("publishedAt").asText()));
		assertThat(entry.get("app").asText()).isEqualTo("audited");
		assertThat(entry.get("env").asText()).isEqualTo("dev");
		assertThat(entry.get("version").asLong()).isEqualTo(2);
		assertThat(entry.get("baseVersion").asLong()).isEqualTo(1);
		assertThat(entry.get("comment").asText()).isEqualTo("tune");
		JsonNode changes = entry.get("changes");
		assertThat(changes(changes.get("added"))).containsExactly("pool.size: - -> 5");
		assertThat(changes(changes.get("modified"))).containsExactly("db.password: ****** -> ******",
				"db.url: jdbc:postgresql://app:******@db/shop -> jdbc:postgresql://app:******@db/shop",
				"greeting: hello -> hi");
		assertThat(changes(changes.get("removed"))).containsExactly("gone: x -> -");
		assertThat(changes.has("omitted")).isFalse();
		assertThat(entry.has("token")).isFalse();

		JsonNode first = page.get("entries").get(1);
		assertThat(first.get("version").asLong()).isEqualTo(1);
		assertThat(first.get("baseVersion").asLong()).isZero();
		assertThat(changes(first.get("changes").get("added"))).containsExactly("db.password: - -> ******",
				"db.url: - -> jdbc:postgresql://app:******@db/shop", "gone: - -> x", "greeting: - -> hello");

		String[] secrets = { "hunter2", "s3cret", "first-pw", "second-pw" };
		assertThat(page.toString()).doesNotContain(secrets);
		assertThat(Files.readString(dataDir.resolve("audit.jsonl"))).contains("\"app\":\"audited\"")
			.doesNotContain(secrets);
	}

	@Test
	void aRollbackRecordsThePublisherAndTheContentItBroughtBack() {
		String secret = createToken("audit-publisher", "publisher", "[\"rolled\"]", "[\"dev\"]");
		AdminClient publisher = this.admin.as(secret);
		assertThat(publisher.put("/api/v1/configs/rolled/dev", PROPERTIES, "a=1\nb=1\n").statusCode()).isEqualTo(201);
		assertThat(publisher.put("/api/v1/configs/rolled/dev", PROPERTIES, "a=2\nb=1\n").statusCode()).isEqualTo(200);
		assertThat(publisher.post("/api/v1/configs/rolled/dev/rollback", "{\"toVersion\": 1}").statusCode())
			.isEqualTo(200);

		JsonNode entry = audit(this.admin, "app=rolled").get("entries").get(0);
		assertThat(entry.get("action").asText()).isEqualTo("rollback");
		assertThat(entry.get("who").get("name").asText()).isEqualTo("audit-publisher");
		assertThat(entry.get("who").get("role").asText()).isEqualTo("publisher");
		assertThat(entry.get("version").asLong()).isEqualTo(3);
		assertThat(entry.get("baseVersion").asLong()).isEqualTo(2);
		assertThat(entry.get("comment").asText()).isEqualTo("rollback to 1");
		assertThat(changes(entry.get("changes").get("modified"))).containsExactly("a: 2 -> 1");
		assertThat(entry.get("changes").get("added")).isEmpty();
		assertThat(entry.get("changes").get("removed")).isEmpty();
	}

	@Test
	void aPromotedGrayRecordsTheKeysItChangedAgainstTheReleaseItReplaced() {
		assertThat(this.admin.put("/api/v1/configs/promoted/dev", PROPERTIES, "a=1\nb=1\n").statusCode())
			.isEqualTo(201);
		assertThat(this.admin.put("/api/v1/configs/promoted/dev/gray?instances=i-canary", PROPERTIES, "a=2\n")
			.statusCode()).isEqualTo(200);
		assertThat(this.admin.post("/api/v1/configs/promoted/dev/gray/promote", "").statusCode()).isEqualTo(200);

		JsonNode entry = audit(this.admin, "app=promoted").get("entries").get(0);
		assertThat(entry.get("action").asText()).isEqualTo("gray-step");
		assertThat(entry.get("version").asLong()).isEqualTo(3);
		assertThat(entry.get("baseVersion").asLong()).isEqualTo(2);
		assertThat(changes(entry.get("changes").get("modified"))).containsExactly("a: 1 -> 2");
		assertThat(entry.get("changes").get("added")).isEmpty();
		assertThat(entry.get("changes").get("removed")).isEmpty();
	}

	@Test
	void overlayAndGrayChangesRecordTheKeysTheyChangeForTheInstancesTheyConcern() {
		assertThat(this.admin.put("/api/v1/configs/rolled-out/dev", PROPERTIES, "a=1\nb=1\n").statusCode())
			.isEqualTo(201);
		assertThat(this.admin.put("/api/v1/configs/rolled-out/dev/overlays/eu?selector=region=eu", PROPERTIES, "a=5\n")
			.statusCode()).isEqualTo(200);
		assertThat(this.admin.delete("/api/v1/configs/rolled-out/dev/overlays/eu").statusCode()).isEqualTo(200);
		assertThat(this.admin.put("/api/v1/configs/rolled-out/dev/gray?instances=i-canary", PROPERTIES, "b=2\nc=3\n")
			.statusCode()).isEqualTo(200);
		assertThat(this.admin.delete("/api/v1/configs/rolled-out/dev/gray").statusCode()).isEqualTo(200);

		List<JsonNode> newestFirst = new ArrayList<>();
		audit(this.admin, "app=rolled-out").get("entries").forEach(newestFirst::add);
		assertThat(newestFirst).extracting((entry) -> entry.get("action").asText())
			.containsExactly("gray-step", "gray-step", "overlay-change", "overlay-change", "publish");
		assertThat(newestFirst).extracting((entry) -> entry.get("version").asLong() + "<-"
				+ entry.get("baseVersion").asLong())
			.containsExactly("5<-4", "4<-3", "3<-2", "2<-1", "1<-0");
		// what the instances concerned saw change: the overlay's keys, the gray's patch
		assertThat(changes(newestFirst.get(3).get("changes").get("added"))).containsExactly("a: - -> 5");
		assertThat(changes(newestFirst.get(2).get("changes").get("removed"))).containsExactly("a: 5 -> -");
		assertThat(changes(newestFirst.get(1).get("changes").get("modified"))).containsExactly("b: 1 -> 2");
		assertThat(changes(newestFirst.get(1).get("changes").get("added"))).containsExactly("c: - -> 3");
		assertThat(changes(newestFirst.get(0).get("changes").get("modified"))).containsExactly("b: 2 -> 1");
		assertThat(changes(newestFirst.get(0).get("changes").get("removed"))).containsExactly("c: 3 -> -");
	}

	@Test
	void creatingAndRevokingATokenAreRecordedWithItsRoleAndScopeButNeverItsSecret() {
		Instant before = Instant.now();
		String secret = createToken("audit-temp", "reader", "[\"x\", \"y-*\"]", "[\"prod\"]");
		assertThat(this.admin.delete("/api/v1/tokens/audit-temp").statusCode()).isEqualTo(204);
		assertThat(this.admin.delete("/api/v1/tokens/audit-temp").statusCode()).isEqualTo(404);
		Instant after = Instant.now();

		JsonNode page = audit(this.admin, "size=100");
		List<JsonNode> entries = new ArrayList<>();
		page.get("entries").forEach((entry) -> {
			if (entry.has("token") && entry.get("token").get("name").asText().equals("audit-temp")) {
				entries.add(entry);
			}
		});
		assertThat(entries).extracting((entry) -> entry.get("action").asText())
			.containsExactly("token-revoke", "token-create");
		assertThat(entries).allSatisfy((entry) -> {
			assertThat(entry.get("who").get("name").asText()).isEqualTo("admin");
			assertThat(entry.get("from").get("address").asText()).isEqualTo("127.0.0.1");
			assertThat(Instant.parse(entry.get("at").asText())).isBetween(before.minusMillis(1), after);
			assertThat(entry.get("token").get("role").asText()).isEqualTo("reader");
			assertThat(entry.get("token").get("apps")).extracting(JsonNode::asText).containsExactly("x", "y-*");
			assertThat(entry.get("token").get("envs")).extracting(JsonNode::asText).containsExactly("prod");
			assertThat(entry.has("app")).isFalse();
			assertThat(entry.has("version")).isFalse();
		});
		assertThat(page.toString()).doesNotContain(secret);
	}

	@Test
	void aRefusedPublishOrRollbackRecordsNothing() {
		assertThat(this.admin.put("/api/v1/configs/refused/dev", YAML, "a: 1\n").statusCode()).isEqualTo(201);

		assertThat(this.admin.put("/api/v1/configs/refused/dev", YAML, "a: [\n").statusCode()).isEqualTo(400);
		assertThat(this.admin.put("/api/v1/configs/refused/dev", YAML, "a: 2\n", "If-Match", "\"7\"").statusCode())
			.isEqualTo(409);
		assertThat(this.admin.post("/api/v1/configs/refused/dev/rollback", "{\"toVersion\": 9}").statusCode())
			.isEqualTo(404);
		assertThat(this.admin.as(null).put("/api/v1/configs/refused/dev", YAML, "a: 3\n").statusCode())
			.isEqualTo(401);

		JsonNode page = audit(this.admin, "app=refused");
		assertThat(page.get("total").asLong()).isEqualTo(1);
		assertThat(page.get("entries").get(0).get("version").asLong()).isEqualTo(1);
	}

	@Test
	void pagesAreNewestFirstAndFilteredByAppAndEnv() {
		for (int i = 1; i <= 5; i++) {
			this.admin.put("/api/v1/configs/paged/dev", PROPERTIES, "n=" + i + "\n");
		}
		this.admin.put("/api/v1/configs/paged/qa", PROPERTIES, "n=1\n");
		this.admin.put("/api/v1/configs/paged-other/dev", PROPERTIES, "n=1\n");

		JsonNode first = audit(this.admin, "app=paged&env=dev&size=2");
		assertThat(versions(first)).containsExactly(5L, 4L);
		assertThat(first.get("page").asInt()).isZero();
		assertThat(first.get("size").asInt()).isEqualTo(2);
		assertThat(first.get("total").asLong()).isEqualTo(5);
		assertThat(versions(audit(this.admin, "app=paged&env=dev&size=2&page=1"))).containsExactly(3L, 2L);
		assertThat(versions(audit(this.admin, "app=paged&env=dev&size=2&page=2"))).containsExactly(1L);
		JsonNode beyond = audit(this.admin, "app=paged&env=dev&size=2&page=3");
		assertThat(beyond.get("entries")).isEmpty();
		assertThat(beyond.get("total").asLong()).isEqualTo(5);

		assertThat(audit(this.admin, "app=paged").get("total").asLong()).isEqualTo(6);
		assertThat(audit(this.admin, "app=paged&env=qa").get("total").asLong()).isEqualTo(1);
		assertThat(audit(this.admin, "app=&env=&size=1").get("total").asLong()).isGreaterThanOrEqualTo(7);
		assertThat(audit(this.admin, "app=paged&size=100000").get("size").asInt()).isEqualTo(AuditController.MAX_SIZE);
	}

	@Test
	void entriesAreFoundByActionAuthorChangedKeyAndTime() {
		Instant before = Instant.now();
		this.admin.put("/api/v1/configs/found/dev", PROPERTIES, "pool.size=5\nname=a\n");
		this.admin.put("/api/v1/configs/found/dev", PROPERTIES, "pool.size=5\nname=b\n");
		AdminClient alice = this.admin.as(createToken("audit-alice", "publisher", "[\"found\"]", "[\"*\"]"));
		alice.put("/api/v1/configs/found/dev", PROPERTIES, "pool.size=9\nname=b\n");
		alice.post("/api/v1/configs/found/dev/rollback", "{\"toVersion\": 1}");

		assertThat(versions(audit(this.admin, "app=found&key=pool.size"))).containsExactly(4L, 3L, 1L);
		assertThat(versions(audit(this.admin, "app=found&who=audit-alice"))).containsExactly(4L, 3L);
		assertThat(versions(audit(this.admin, "app=found&action=rollback"))).containsExactly(4L);
		assertThat(versions(audit(this.admin, "app=found&action=publish,rollback&key=name")))
			.containsExactly(4L, 2L, 1L);
		assertThat(versions(audit(this.admin, "app=found&action=publish&action=rollback&who=audit-alice&size=1")))
			.containsExactly(4L);
		assertThat(audit(this.admin, "action=token-create&who=admin&since=" + before).get("entries"))
			.singleElement()
			.satisfies((entry) -> assertThat(entry.get("token").get("name").asText()).isEqualTo("audit-alice"));
		String today = before.atOffset(ZoneOffset.UTC).toLocalDate().toString();
		assertThat(audit(this.admin, "app=found&since=" + today).get("total").asLong()).isEqualTo(4);
		assertThat(audit(this.admin, "app=found&until=" + before).get("total").asLong()).isZero();
		assertThat(audit(this.admin, "app=found&since=" + before.atOffset(ZoneOffset.ofHours(2))
			.toString()
			.replace("+", "%2B")).get("total").asLong()).isEqualTo(4);
	}

	@Test
	void badParametersAreRefusedWithAJsonReason() {
		assertThat(badRequest("page=-1")).contains("page must be 0 or more");
		assertThat(badRequest("size=0")).contains("size must be 1 or more");
		assertThat(badRequest("page=abc")).contains("'abc' is not a valid page");
		assertThat(badRequest("size=1.5")).contains("'1.5' is not a valid size");
		assertThat(badRequest("app=a%20b")).contains("app 'a b' is not allowed");
		assertThat(badRequest("app=orders&env=..")).contains("env '..' is not allowed");
		assertThat(badRequest("action=publish,delete")).contains("action 'delete' is not one of publish, rollback,"
				+ " token-create, token-revoke, gray-step, overlay-change");
		assertThat(badRequest("since=yesterday")).contains("since 'yesterday' is neither an instant such as"
				+ " 2026-11-25T14:04:22Z");
		assertThat(badRequest("until=2026-13-01")).contains("until '2026-13-01' is neither");
		assertThat(badRequest("since=%2B300000000-01-01T00:00Z")).contains("since '+300000000-01-01T00:00Z' is neither");
		assertThat(badRequest("since=2026-11-25&until=2026-11-25T00:00:00Z"))
			.contains("since (2026-11-25T00:00:00Z) must be before until (2026-11-25T00:00:00Z)");
	}

	@Test
	void aScopedReaderSeesTheEntriesOfItsAppsAndEnvsOnlyAndNoTokenChanges() {
		this.admin.put("/api/v1/configs/scoped-a/dev", PROPERTIES, "a=1\n");
		this.admin.put("/api/v1/configs/scoped-a/prod", PROPERTIES, "a=1\n");
		this.admin.put("/api/v1/configs/scoped-b/dev", PROPERTIES, "a=1\n");
		AdminClient reader = this.admin.as(createToken("audit-scoped", "reader", "[\"scoped-a\"]", "[\"dev\"]"));

		JsonNode everything = audit(reader, "size=100");
		assertThat(everything.get("total").asLong()).isEqualTo(1);
		JsonNode only = everything.get("entries").get(0);
		assertThat(only.get("app").asText() + "/" + only.get("env").asText()).isEqualTo("scoped-a/dev");

		// asking for what the scope does not cover is an empty page, not a refusal
		JsonNode other = audit(reader, "app=scoped-b");
		assertThat(other.get("entries")).isEmpty();
		assertThat(other.get("total").asLong()).isZero();
		assertThat(audit(this.admin, "app=scoped-b").get("total").asLong()).isEqualTo(1);
	}

	@Test
	void aCallerWithoutATokenGets401AndAClientToken403() {
		HttpResponse<String> anonymous = this.admin.as(null).get("/api/v1/audit");
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"mcp\"");
		assertThat(error(anonymous)).contains("bearer token is required");

		String client = createToken("audit-client", "client", "[\"*\"]", "[\"*\"]");
		HttpResponse<String> denied = this.admin.as(client).get("/api/v1/audit");
		assertThat(denied.statusCode()).isEqualTo(403);
		assertThat(error(denied)).contains("may not read");
	}

	@Test
	void theFirstHopOfXForwardedForIsRecordedForARequestFromATrustedProxy() {
		String body = "a=1\n";
		RawHttp.Response response = RawHttp.exchange("127.0.0.2", this.port,
				"PUT /api/v1/configs/proxied/dev HTTP/1.1\r\nHost: config\r\n" + "Authorization: "
						+ TestTokens.adminBearer() + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
						+ "\r\nX-Forwarded-For: 203.0.113.7, 10.1.2.3\r\nConnection: close\r\n\r\n" + body);
		assertThat(response.status()).as(response.raw()).isEqualTo(201);

		JsonNode from = audit(this.admin, "app=proxied").get("entries").get(0).get("from");
		assertThat(from.get("address").asText()).isEqualTo("127.0.0.2");
		assertThat(from.get("forwardedFor").asText()).isEqualTo("203.0.113.7");
	}

	@Test
	void aListAcrossTargetsThatDoesNotFilterByScopeIsClosedEvenToAnAdmin() {
		HttpResponse<String> response = this.admin.get("/api/v1/unfiltered");
		assertThat(response.statusCode()).isEqualTo(403);
		assertThat(error(response)).isEqualTo("this endpoint is closed");
	}

	private JsonNode audit(AdminClient client, String query) {
		HttpResponse<String> response = client.get("/api/v1/audit?" + query);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return json(response);
	}

	private String badRequest(String query) {
		HttpResponse<String> response = this.admin.get("/api/v1/audit?" + query);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		return error(response);
	}

	private String createToken(String name, String role, String apps, String envs) {
		HttpResponse<String> response = this.admin.post("/api/v1/tokens", "{\"name\": \"" + name + "\", \"role\": \""
				+ role + "\", \"apps\": " + apps + ", \"envs\": " + envs + "}");
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return json(response).get("token").asText();
	}

	private static List<String> changes(JsonNode changes) {
		List<String> shown = new ArrayList<>();
		changes.forEach((change) -> shown.add(change.get("key").asText() + ": "
				+ change.path("oldValue").asText("-") + " -> " + change.path("newValue").asText("-")));
		return shown;
	}

	private static List<Long> versions(JsonNode page) {
		List<Long> versions = new ArrayList<>();
		page.get("entries").forEach((entry) -> versions.add(entry.get("version").asLong()));
		return versions;
	}

	/** A list across targets that needs READ but says nothing of filtering by scope. */
	@RestController
	static class UnfilteredListController {

		@GetMapping("/api/v1/unfiltered")
		@RequiresPermission(Permission.READ)
		List<String> everything() {
			return List.of("every team's data");
		}

	}

}
