package io.mcpconfig.server.admin;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpconfig.server.DataDirectoryTests;
import io.mcpconfig.protocol.ConfigChecksum;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static io.mcpconfig.server.admin.AdminClient.error;
import static org.assertj.core.api.Assertions.assertThat;

/** The admin HTTP API over real HTTP against a started server with a file store in a temp dir. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "mcp.server.max-body-size=4096" })
@DirtiesContext
class AdminApiTests extends DataDirectoryTests {

	private static final String YAML = AdminClient.YAML;

	private static final String PROPERTIES = AdminClient.PROPERTIES;

	@LocalServerPort
	int port;

	private final ObjectMapper json = new ObjectMapper();

	private AdminClient admin;

	@BeforeEach
	void admin() {
		this.admin = new AdminClient(this.port);
	}

	// --- publish and read ---

	@Test
	void publishingYamlStoresFlattenedPropertiesAndAnswersTheRelease() throws Exception {
		HttpResponse<String> put = admin.put("/api/v1/configs/orders/dev?comment=first%20cut", YAML, """
				sample:
				  greeting: hello
				  servers: [a, b]
				  nothing:
				""");
		assertThat(put.statusCode()).isEqualTo(201);
		assertThat(put.headers().firstValue("Location")).contains("/api/v1/configs/orders/dev/releases/1");
		assertThat(put.headers().firstValue("ETag")).contains("\"1\"");
		Map<String, String> expected = Map.of("sample.greeting", "hello", "sample.servers[0]", "a",
				"sample.servers[1]", "b", "sample.nothing", "");
		JsonNode release = json.readTree(put.body());
		assertThat(release.get("app").asText()).isEqualTo("orders");
		assertThat(release.get("env").asText()).isEqualTo("dev");
		assertThat(release.get("version").asLong()).isEqualTo(1);
		assertThat(release.get("checksum").asText()).isEqualTo(ConfigChecksum.of(expected));
		assertThat(release.get("author").asText()).isEqualTo("admin");
		assertThat(release.get("comment").asText()).isEqualTo("first cut");
		assertThat(release.get("publishedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
		assertThat(release.has("properties")).isFalse();

		HttpResponse<String> get = admin.get("/api/v1/configs/orders/dev");
		assertThat(get.statusCode()).isEqualTo(200);
		JsonNode current = json.readTree(get.body());
		assertThat(current.get("version").asLong()).isEqualTo(1);
		assertThat(current.get("checksum").asText()).isEqualTo(ConfigChecksum.of(expected));
		assertThat(current.get("publishedAt").asText()).isEqualTo(release.get("publishedAt").asText());
		assertThat(json.convertValue(current.get("properties"), Map.class)).isEqualTo(expected);
		// answers hold configuration, secrets included: no browser or proxy keeps them
		for (HttpResponse<String> answer : List.of(put, get, admin.as("not-a-token").get("/api/v1/configs/orders/dev"))) {
			assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
			assertThat(answer.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
		}
	}

	@Test
	void aDryRunAnswersWhatThePublishWouldChangeAndStoresNothing() throws Exception {
		HttpResponse<String> first = admin.put("/api/v1/configs/preview/dev?dryRun=true", YAML, "a: 1\n");
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		assertThat(json.readTree(first.body()).get("baseVersion").isNull()).isTrue();
		assertThat(admin.get("/api/v1/configs/preview/dev").statusCode()).isEqualTo(404);

		admin.put("/api/v1/configs/preview/dev", YAML, "a: 1\nb: 2\ndb.password: old\n");
		HttpResponse<String> preview = admin.put("/api/v1/configs/preview/dev?dryRun=true", PROPERTIES,
				"a=1\nb=3\nc=4\n", "If-Match", "\"1\"");
		assertThat(preview.statusCode()).as(preview.body()).isEqualTo(200);
		JsonNode answer = json.readTree(preview.body());
		assertThat(answer.get("baseVersion").asLong()).isEqualTo(1);
		JsonNode changes = answer.get("changes");
		assertThat(changes.get("added").toString()).isEqualTo("[{\"key\":\"c\",\"newValue\":\"4\"}]");
		assertThat(changes.get("modified").toString())
			.isEqualTo("[{\"key\":\"b\",\"oldValue\":\"2\",\"newValue\":\"3\"}]");
		assertThat(changes.get("removed").get(0).get("key").asText()).isEqualTo("db.password");
		assertThat(changes.get("removed").get(0).get("oldValue").asText()).doesNotContain("old");
		assertThat(admin.currentVersion("/api/v1/configs/preview/dev")).isEqualTo(1);
		assertThat(answer.get("unchanged").asBoolean()).isFalse();
		JsonNode same = json.readTree(admin.put("/api/v1/configs/preview/dev?dryRun=true", YAML,
				"b: 2\na: 1\ndb.password: old\n").body());
		assertThat(same.get("unchanged").asBoolean()).isTrue();

		HttpResponse<String> stale = admin.put("/api/v1/configs/preview/dev?dryRun=true", YAML, "a: 2\n", "If-Match",
				"\"7\"");
		assertThat(stale.statusCode()).isEqualTo(409);
		HttpResponse<String> bad = admin.put("/api/v1/configs/preview/dev?dryRun=true", YAML, "a: [\n");
		assertThat(bad.statusCode()).isEqualTo(400);
		assertThat(error(bad)).contains("line");
	}

	@Test
	void aDryRunHoweverSpelledNeverPublishes() throws Exception {
		admin.put("/api/v1/configs/preview/spelled", YAML, "a: 1\n");
		for (String spelled : List.of("True", "1", "yes", "ON", "")) {
			HttpResponse<String> preview = admin.put("/api/v1/configs/preview/spelled?dryRun=" + spelled, YAML,
					"a: 2\n");
			assertThat(preview.statusCode()).as("dryRun=" + spelled + ": " + preview.body()).isEqualTo(200);
			assertThat(json.readTree(preview.body()).get("changes").get("modified")).hasSize(1);
		}
		HttpResponse<String> unparsable = admin.put("/api/v1/configs/preview/spelled?dryRun=maybe", YAML, "a: 3\n");
		assertThat(unparsable.statusCode()).isEqualTo(400);
		assertThat(error(unparsable)).startsWith("'maybe' is not a valid dryRun");
		HttpResponse<String> falseOne = admin.put("/api/v1/configs/preview/spelled?dryRun=false", YAML, "a: 4\n");
		assertThat(falseOne.statusCode()).isEqualTo(400);
		assertThat(error(falseOne)).startsWith("dryRun=false is refused, nothing was changed");
		assertThat(admin.currentVersion("/api/v1/configs/preview/spelled")).isEqualTo(1);
	}

	@Test
	void theTargetListAnswersEachTargetWithItsCurrentReleaseFilteredByEnv() throws Exception {
		admin.put("/api/v1/configs/listed-a/listing", YAML, "a: 1\n");
		admin.put("/api/v1/configs/listed-a/listing", YAML, "a: 2\n");
		admin.put("/api/v1/configs/listed-b/listing", YAML, "a: 1\n");
		JsonNode targets = json.readTree(admin.get("/api/v1/configs?env=listing").body());
		assertThat(targets).hasSize(2);
		assertThat(targets.get(0).get("app").asText()).isEqualTo("listed-a");
		assertThat(targets.get(0).get("version").asLong()).isEqualTo(2);
		assertThat(targets.get(1).get("app").asText()).isEqualTo("listed-b");
		assertThat(targets.get(0).has("properties")).isFalse();
		assertThat(admin.get("/api/v1/configs?env=bad%20name").statusCode()).isEqualTo(400);
	}

	@Test
	void everyYamlMediaTypeIsAccepted() throws Exception {
		assertThat(admin.put("/api/v1/configs/yamltypes/dev", "application/yaml", "a: 1").statusCode()).isEqualTo(201);
		assertThat(admin.put("/api/v1/configs/yamltypes/dev", "application/x-yaml", "a: 2").statusCode())
			.isEqualTo(200);
		assertThat(admin.put("/api/v1/configs/yamltypes/dev", "text/yaml; charset=utf-8", "a: 3").statusCode())
			.isEqualTo(200);
		assertThat(admin.properties("/api/v1/configs/yamltypes/dev")).containsEntry("a", "3");
	}

	@Test
	void publishingPropertiesKeepsJavaPropertiesSemantics() throws Exception {
		HttpResponse<String> put = admin.put("/api/v1/configs/props/dev", PROPERTIES,
				"# pool\npool.size = 10\nurl: jdbc:h2:mem:x\nlong=one \\\n   two\ncafe=caf\\u00e9\n");
		assertThat(put.statusCode()).isEqualTo(201);
		assertThat(admin.properties("/api/v1/configs/props/dev")).isEqualTo(
				Map.of("pool.size", "10", "url", "jdbc:h2:mem:x", "long", "one two", "cafe", "café"));
	}

	@Test
	void namesWithDotsDashesAndUnderscoresAreWholePathSegments() throws Exception {
		assertThat(admin.put("/api/v1/configs/billing.v2/prod-eu_1", YAML, "a: 1").statusCode()).isEqualTo(201);
		JsonNode current = json.readTree(admin.get("/api/v1/configs/billing.v2/prod-eu_1").body());
		assertThat(current.get("app").asText()).isEqualTo("billing.v2");
		assertThat(current.get("env").asText()).isEqualTo("prod-eu_1");
	}

	@Test
	void laterPublishAnswers200WithTheNextVersion() throws Exception {
		admin.put("/api/v1/configs/next/dev", YAML, "a: 1");
		HttpResponse<String> second = admin.put("/api/v1/configs/next/dev", YAML, "a: 2");
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(json.readTree(second.body()).get("version").asLong()).isEqualTo(2);
		assertThat(second.headers().firstValue("ETag")).contains("\"2\"");
	}

	@Test
	void targetWithoutReleaseIs404() throws Exception {
		HttpResponse<String> get = admin.get("/api/v1/configs/orders/nowhere");
		assertThat(get.statusCode()).isEqualTo(404);
		assertThat(json.readTree(get.body())).isEqualTo(json.readTree("{\"error\": \"no release of orders/nowhere\"}"));
	}

	@Test
	void historyIsNewestFirstWithPropertiesAndLimited() throws Exception {
		for (int i = 1; i <= 3; i++) {
			admin.put("/api/v1/configs/history/dev?comment=c" + i, YAML, "a: " + i);
		}
		JsonNode all = json.readTree(admin.get("/api/v1/configs/history/dev/releases").body());
		assertThat(all).hasSize(3);
		assertThat(all.get(0).get("version").asLong()).isEqualTo(3);
		assertThat(all.get(0).get("properties").get("a").asText()).isEqualTo("3");
		assertThat(all.get(2).get("comment").asText()).isEqualTo("c1");
		JsonNode limited = json.readTree(admin.get("/api/v1/configs/history/dev/releases?limit=2").body());
		assertThat(limited).extracting((n) -> n.get("version").asLong()).containsExactly(3L, 2L);
		JsonNode one = json.readTree(admin.get("/api/v1/configs/history/dev/releases/2").body());
		assertThat(one.get("properties").get("a").asText()).isEqualTo("2");
		assertThat(json.readTree(admin.get("/api/v1/configs/history/none/releases").body())).isEmpty();
	}

	@Test
	void historySummaryListsReleasesWithoutTheirContent() throws Exception {
		admin.put("/api/v1/configs/summary/dev?comment=first", YAML, "a: 1\nb: 2\n---\nspring.config.activate.on-profile: eu\nc: 3\n");
		admin.put("/api/v1/configs/summary/dev?comment=second", YAML, "a: 1\n");
		JsonNode summaries = json.readTree(admin.get("/api/v1/configs/summary/dev/releases?summary=true").body());
		assertThat(summaries).extracting((n) -> n.get("version").asLong()).containsExactly(2L, 1L);
		JsonNode first = summaries.get(1);
		assertThat(first.has("properties")).isFalse();
		assertThat(first.has("profiles")).isFalse();
		assertThat(first.get("keys").asInt()).isEqualTo(2);
		assertThat(first.get("comment").asText()).isEqualTo("first");
		assertThat(first.get("size").asLong()).isEqualTo(
				json.readTree(admin.get("/api/v1/configs/summary/dev/releases/1").body()).get("size").asLong());
		JsonNode whole = json.readTree(admin.get("/api/v1/configs/summary/dev/releases?summary=false").body());
		assertThat(whole.get(1).get("properties").size()).isEqualTo(2);
		assertThat(whole.get(1).get("profiles")).hasSize(1);
		assertThat(whole.get(1).get("keys").asInt()).isEqualTo(2);
	}

	@Test
	void unknownReleaseVersionIs404() throws Exception {
		admin.put("/api/v1/configs/unknownversion/dev", YAML, "a: 1");
		HttpResponse<String> get = admin.get("/api/v1/configs/unknownversion/dev/releases/7");
		assertThat(get.statusCode()).isEqualTo(404);
		assertThat(error(get)).contains("release 7 of unknownversion/dev is not retained");
	}

	@Test
	void badHistoryParametersAre400() throws Exception {
		assertThat(admin.get("/api/v1/configs/orders/dev/releases?limit=0").statusCode()).isEqualTo(400);
		HttpResponse<String> notANumber = admin.get("/api/v1/configs/orders/dev/releases/abc");
		assertThat(notANumber.statusCode()).isEqualTo(400);
		assertThat(error(notANumber)).contains("'abc'");
	}

	// --- compare-and-set ---

	@Test
	void ifMatchWithTheCurrentVersionPublishes() throws Exception {
		assertThat(admin.put("/api/v1/configs/cas/dev", YAML, "a: 1", "If-Match", "\"0\"").statusCode()).isEqualTo(201);
		assertThat(admin.put("/api/v1/configs/cas/dev", YAML, "a: 2", "If-Match", "\"1\"").statusCode()).isEqualTo(200);
		assertThat(admin.put("/api/v1/configs/cas/dev", YAML, "a: 3", "If-Match", "2").statusCode()).isEqualTo(200);
		assertThat(admin.currentVersion("/api/v1/configs/cas/dev")).isEqualTo(3);
	}

	@Test
	void ifMatchWithAStaleVersionIs409WithTheCurrentVersionAndStoresNothing() throws Exception {
		admin.put("/api/v1/configs/stale/dev", YAML, "a: 1");
		admin.put("/api/v1/configs/stale/dev", YAML, "a: 2");
		HttpResponse<String> conflict = admin.put("/api/v1/configs/stale/dev", YAML, "a: stale", "If-Match", "\"1\"");
		assertThat(conflict.statusCode()).isEqualTo(409);
		JsonNode body = json.readTree(conflict.body());
		assertThat(body.get("currentVersion").asLong()).isEqualTo(2);
		assertThat(body.get("error").asText()).contains("expected version 1 but current is 2");
		assertThat(admin.properties("/api/v1/configs/stale/dev")).containsEntry("a", "2");
		assertThat(admin.currentVersion("/api/v1/configs/stale/dev")).isEqualTo(2);
	}

	@Test
	void malformedIfMatchIs400AndStoresNothing() throws Exception {
		HttpResponse<String> put = admin.put("/api/v1/configs/badmatch/dev", YAML, "a: 1", "If-Match", "W/\"x\"");
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put)).contains("If-Match");
		admin.assertNothingStored("/api/v1/configs/badmatch/dev");
	}

	// --- rollback ---

	@Test
	void rollbackPublishesTheOldContentAsANewRelease() throws Exception {
		admin.put("/api/v1/configs/rollback/dev", YAML, "a: 1\nb: x");
		admin.put("/api/v1/configs/rollback/dev", YAML, "a: 2");
		HttpResponse<String> rollback = admin.post("/api/v1/configs/rollback/dev/rollback", "{\"toVersion\": 1}");
		assertThat(rollback.statusCode()).isEqualTo(200);
		JsonNode release = json.readTree(rollback.body());
		assertThat(release.get("version").asLong()).isEqualTo(3);
		assertThat(release.get("comment").asText()).isEqualTo("rollback to 1");
		assertThat(release.get("checksum").asText()).isEqualTo(ConfigChecksum.of(Map.of("a", "1", "b", "x")));
		assertThat(admin.properties("/api/v1/configs/rollback/dev")).isEqualTo(Map.of("a", "1", "b", "x"));
		HttpResponse<String> withComment = admin.post("/api/v1/configs/rollback/dev/rollback",
				"{\"toVersion\": 2, \"comment\": \"undo the undo\"}");
		assertThat(json.readTree(withComment.body()).get("comment").asText()).isEqualTo("undo the undo");
	}

	@Test
	void rollbackToAVersionThatIsNotRetainedIs404AndStoresNothing() throws Exception {
		admin.put("/api/v1/configs/rollbackmissing/dev", YAML, "a: 1");
		HttpResponse<String> rollback = admin.post("/api/v1/configs/rollbackmissing/dev/rollback",
				"{\"toVersion\": 9}");
		assertThat(rollback.statusCode()).isEqualTo(404);
		assertThat(error(rollback)).contains("release 9 of rollbackmissing/dev is not retained");
		assertThat(admin.currentVersion("/api/v1/configs/rollbackmissing/dev")).isEqualTo(1);
	}

	@Test
	void rollbackWithoutAVersionOrWithBadJsonIs400() throws Exception {
		admin.put("/api/v1/configs/rollbackbad/dev", YAML, "a: 1");
		HttpResponse<String> noVersion = admin.post("/api/v1/configs/rollbackbad/dev/rollback", "{}");
		assertThat(noVersion.statusCode()).isEqualTo(400);
		assertThat(error(noVersion)).contains("toVersion is required");
		HttpResponse<String> badJson = admin.post("/api/v1/configs/rollbackbad/dev/rollback", "{\"toVersion\": ");
		assertThat(badJson.statusCode()).isEqualTo(400);
		assertThat(error(badJson)).startsWith("invalid JSON at line 1");
		assertThat(admin.currentVersion("/api/v1/configs/rollbackbad/dev")).isEqualTo(1);
	}

	@Test
	void rollbackWithAFieldTwiceOrMoreAfterItsObjectIs400NamingWhereAndNoInternals() throws Exception {
		admin.put("/api/v1/configs/rollbacktwice/dev", YAML, "a: 1");
		admin.put("/api/v1/configs/rollbacktwice/dev", YAML, "a: 2");
		HttpResponse<String> twice = admin.post("/api/v1/configs/rollbacktwice/dev/rollback",
				"{\"toVersion\":1,\"toVersion\":2}");
		assertThat(twice.statusCode()).isEqualTo(400);
		assertThat(error(twice)).isEqualTo("invalid JSON at line 1, column 27: Duplicate field 'toVersion'");
		HttpResponse<String> trailing = admin.post("/api/v1/configs/rollbacktwice/dev/rollback",
				"{\"toVersion\":1} {\"x\":1}");
		assertThat(trailing.statusCode()).isEqualTo(400);
		assertThat(error(trailing))
			.isEqualTo("invalid JSON at line 1, column 17: more follows the JSON value; send one JSON object only");
		for (String body : List.of("{\"toVersion\": 1", "{\"toVersion\": 1]", "{\"toVersion\": NaN}",
				"{\"toVersion\": +1}", "[".repeat(1500), "{\"toVersion\": " + "1".repeat(1500) + "}")) {
			HttpResponse<String> refused = admin.post("/api/v1/configs/rollbacktwice/dev/rollback", body);
			assertThat(refused.statusCode()).as(body).isEqualTo(400);
			assertThat(error(refused)).as(body)
				.startsWith("invalid JSON")
				.doesNotContain("`", "Source", "Feature", "Constraints", "jackson", "JsonNode");
		}
		assertThat(admin.currentVersion("/api/v1/configs/rollbacktwice/dev")).isEqualTo(2);
	}

	@Test
	void rollbackToAFractionalVersionOrWithAnUnknownFieldIs400AndStoresNothing() throws Exception {
		admin.put("/api/v1/configs/rollbackstrict/dev", YAML, "a: 1");
		admin.put("/api/v1/configs/rollbackstrict/dev", YAML, "a: 2");
		HttpResponse<String> fraction = admin.post("/api/v1/configs/rollbackstrict/dev/rollback",
				"{\"toVersion\": 1.5}");
		assertThat(fraction.statusCode()).isEqualTo(400);
		assertThat(error(fraction)).contains("whole version number").contains("was 1.5");
		HttpResponse<String> text = admin.post("/api/v1/configs/rollbackstrict/dev/rollback", "{\"toVersion\": \"1\"}");
		assertThat(text.statusCode()).isEqualTo(400);
		assertThat(error(text)).contains("was a string");
		// a refusal names what it refuses by its kind: a pasted secret is not repeated back
		HttpResponse<String> secret = admin.post("/api/v1/configs/rollbackstrict/dev/rollback",
				"{\"toVersion\": 1, \"comment\": {\"password\": \"s3cr3t\"}}");
		assertThat(secret.statusCode()).isEqualTo(400);
		assertThat(error(secret)).isEqualTo("comment must be a string, was an object");
		HttpResponse<String> longName = admin.post("/api/v1/configs/rollbackstrict/dev/rollback",
				"{\"toVersion\": 1, \"" + "x".repeat(2_000) + "\": 1}");
		assertThat(error(longName)).startsWith("unknown field '" + "x".repeat(64) + "…'").hasSizeLessThan(300);
		HttpResponse<String> misspelt = admin.post("/api/v1/configs/rollbackstrict/dev/rollback",
				"{\"toVersion\": 1, \"coment\": \"typo\"}");
		assertThat(misspelt.statusCode()).isEqualTo(400);
		assertThat(error(misspelt)).contains("unknown field 'coment'");
		HttpResponse<String> notAnObject = admin.post("/api/v1/configs/rollbackstrict/dev/rollback", "[1]");
		assertThat(notAnObject.statusCode()).isEqualTo(400);
		assertThat(error(notAnObject)).contains("JSON object");
		assertThat(admin.currentVersion("/api/v1/configs/rollbackstrict/dev")).isEqualTo(2);
	}

	@Test
	void rollbackBodyOverTheBodyLimitIs413AndStoresNothing() throws Exception {
		admin.put("/api/v1/configs/rollbacklarge/dev", YAML, "a: 1");
		admin.put("/api/v1/configs/rollbacklarge/dev", YAML, "a: 2");
		// valid JSON, a known version and no comment: only its size is wrong
		HttpResponse<String> declared = admin.post("/api/v1/configs/rollbacklarge/dev/rollback",
				"{\"toVersion\": 1}" + " ".repeat(5000));
		assertThat(declared.statusCode()).isEqualTo(413);
		assertThat(error(declared)).contains("larger than 4096 bytes");
		byte[] body = ("{\"toVersion\": 1}" + " ".repeat(5000)).getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> chunked = admin
			.send(HttpRequest.newBuilder(admin.uri("/api/v1/configs/rollbacklarge/dev/rollback"))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
		assertThat(chunked.statusCode()).isEqualTo(413);
		assertThat(admin.currentVersion("/api/v1/configs/rollbacklarge/dev")).isEqualTo(2);
	}

	@Test
	void rollbackWithoutAJsonContentTypeIs415() throws Exception {
		admin.put("/api/v1/configs/rollbacktype/dev", YAML, "a: 1");
		HttpResponse<String> rollback = admin
			.send(HttpRequest.newBuilder(admin.uri("/api/v1/configs/rollbacktype/dev/rollback"))
			.header("Content-Type", "text/plain")
			.POST(BodyPublishers.ofString("{\"toVersion\": 1}")));
		assertThat(rollback.statusCode()).isEqualTo(415);
		assertThat(error(rollback)).contains("application/json");
		assertThat(admin.currentVersion("/api/v1/configs/rollbacktype/dev")).isEqualTo(1);
	}

	@Test
	void errorsAreJsonAlsoForACallerThatAsksForHtml() throws Exception {
		HttpResponse<String> missing = admin.send(HttpRequest.newBuilder(admin.uri("/api/v1/configs/orders/nohtml"))
			.header("Accept", "text/html"));
		assertThat(missing.statusCode()).isEqualTo(404);
		assertThat(missing.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
		assertThat(error(missing)).isEqualTo("no release of orders/nohtml");
	}

	// --- bad input stores nothing ---

	@Test
	void unparsableYamlIs400WithLineAndColumn() throws Exception {
		HttpResponse<String> put = admin.put("/api/v1/configs/badyaml/dev", YAML, "a: 1\nb: [1, 2\nc: 3\n");
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put)).matches("invalid YAML at line 3, column \\d+: .+");
		admin.assertNothingStored("/api/v1/configs/badyaml/dev");
	}

	@Test
	void yamlWhoseRootIsNotAMappingIs400() throws Exception {
		HttpResponse<String> list = admin.put("/api/v1/configs/badroot/dev", YAML, "- a\n- b\n");
		assertThat(list.statusCode()).isEqualTo(400);
		assertThat(error(list)).contains("the root must be a mapping");
		HttpResponse<String> scalar = admin.put("/api/v1/configs/badroot/dev", YAML, "just text");
		assertThat(scalar.statusCode()).isEqualTo(400);
		HttpResponse<String> comments = admin.put("/api/v1/configs/badroot/dev", YAML, "# nothing here\n");
		assertThat(comments.statusCode()).isEqualTo(400);
		assertThat(error(comments)).contains("empty");
		admin.assertNothingStored("/api/v1/configs/badroot/dev");
	}

	@Test
	void badInputLeavesThePreviousReleaseCurrent() throws Exception {
		admin.put("/api/v1/configs/keepsprevious/dev", YAML, "a: good");
		assertThat(admin.put("/api/v1/configs/keepsprevious/dev", YAML, "a: 1\na: 2\n").statusCode()).isEqualTo(400);
		assertThat(admin.put("/api/v1/configs/keepsprevious/dev", PROPERTIES, "a=\\u12").statusCode()).isEqualTo(400);
		assertThat(admin.currentVersion("/api/v1/configs/keepsprevious/dev")).isEqualTo(1);
		assertThat(admin.properties("/api/v1/configs/keepsprevious/dev")).containsEntry("a", "good");
	}

	@Test
	void malformedPropertiesIs400WithLineAndColumn() throws Exception {
		HttpResponse<String> put = admin.put("/api/v1/configs/badprops/dev", PROPERTIES, "a=1\nb=\\uZZZZ\n");
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put)).startsWith("invalid properties at line 2, column 3: malformed \\uXXXX escape");
		admin.assertNothingStored("/api/v1/configs/badprops/dev");
	}

	@Test
	void bodyThatIsNotUtf8Is400() throws Exception {
		HttpResponse<String> put = admin.send(HttpRequest.newBuilder(admin.uri("/api/v1/configs/notutf8/dev"))
			.header("Content-Type", YAML)
			.PUT(BodyPublishers.ofByteArray(new byte[] { 'a', ':', ' ', (byte) 0xC3, (byte) 0x28 })));
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put)).contains("not valid UTF-8").contains("byte offset 3");
		admin.assertNothingStored("/api/v1/configs/notutf8/dev");
	}

	@Test
	void namesOutsideTheAllowedCharactersAre400() throws Exception {
		HttpResponse<String> put = admin.put("/api/v1/configs/orders$/dev", YAML, "a: 1");
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put))
			.isEqualTo("app 'orders$' is not allowed: use 1 to 128 of the characters A-Z a-z 0-9 . _ -");
		HttpResponse<String> get = admin.get("/api/v1/configs/orders/d%20ev");
		assertThat(get.statusCode()).isEqualTo(400);
		assertThat(error(get)).startsWith("env 'd ev' is not allowed");
	}

	@Test
	void keyOverTheDefaultLimitOf1024CharactersIs400AndStoresNothing() throws Exception {
		HttpResponse<String> put = admin.put("/api/v1/configs/longkey/dev", PROPERTIES, "k".repeat(1025) + "=1\n");
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put)).startsWith("the key 'kkkk")
			.endsWith("…' is 1025 characters long, more than the 1024 allowed (mcp.server.limits.max-key-length)");
		admin.assertNothingStored("/api/v1/configs/longkey/dev");
	}

	@Test
	void aSemicolonInThePathIs400AndPublishesNothing() throws Exception {
		// Spring would read "a;b" as "a" with a matrix variable b
		HttpResponse<String> put = admin.put("/api/v1/configs/semi;colon/dev", YAML, "a: 1");
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put)).isEqualTo("';' is not allowed in a path (/api/v1/configs/semi;colon/dev): app and env"
				+ " names use A-Z a-z 0-9 . _ - only");
		admin.assertNothingStored("/api/v1/configs/semi/dev");
		assertThat(admin.get("/api/v1/configs;v=1/semi/dev").statusCode()).isEqualTo(400);
	}

	@Test
	void yamlWithANullKeyIs400WithItsLineAndColumn() throws Exception {
		HttpResponse<String> put = admin.put("/api/v1/configs/nullkey/dev", YAML, "a: 1\n~: x\n");
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put)).startsWith("invalid YAML at line 2, column 1: this key is null");
		admin.assertNothingStored("/api/v1/configs/nullkey/dev");
	}

	@Test
	void yamlThatContainsItselfIs400() throws Exception {
		HttpResponse<String> put = admin.put("/api/v1/configs/recursive/dev", YAML, "a: &x [*x]\n");
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put)).startsWith("invalid YAML at line 1, column 4: this collection contains itself");
		admin.assertNothingStored("/api/v1/configs/recursive/dev");
	}

	@Test
	void propertiesWithOnlyALineContinuationIs400WithItsPlace() throws Exception {
		HttpResponse<String> put = admin.put("/api/v1/configs/backslash/dev", PROPERTIES, "\\\n");
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put)).isEqualTo("invalid properties at line 1, column 1: the key is empty");
		admin.assertNothingStored("/api/v1/configs/backslash/dev");
	}

	@Test
	void bodyOverTheLimitIs413WhenItsLengthIsDeclared() throws Exception {
		HttpResponse<String> put = admin.put("/api/v1/configs/toolarge/dev", YAML, "a: " + "x".repeat(5000));
		assertThat(put.statusCode()).isEqualTo(413);
		assertThat(error(put)).contains("larger than 4096 bytes");
		admin.assertNothingStored("/api/v1/configs/toolarge/dev");
	}

	@Test
	void chunkedBodyOverTheLimitIs413WhileReading() throws Exception {
		byte[] body = ("a: " + "x".repeat(5000)).getBytes(StandardCharsets.UTF_8);
		// an input stream publisher has no length: the body goes chunked, without Content-Length
		BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
		HttpResponse<String> put = admin.send(HttpRequest.newBuilder(admin.uri("/api/v1/configs/toolargechunked/dev"))
			.header("Content-Type", YAML)
			.PUT(chunked));
		assertThat(put.statusCode()).isEqualTo(413);
		admin.assertNothingStored("/api/v1/configs/toolargechunked/dev");
	}

	@Test
	void unsupportedContentTypeIs415() throws Exception {
		HttpResponse<String> put = admin.put("/api/v1/configs/json/dev", "application/json", "{\"a\": 1}");
		assertThat(put.statusCode()).isEqualTo(415);
		assertThat(error(put)).contains("application/json").contains("application/yaml").contains("text/plain");
		admin.assertNothingStored("/api/v1/configs/json/dev");
	}

	@Test
	void missingContentTypeIs415() throws Exception {
		HttpResponse<String> put = admin.send(HttpRequest.newBuilder(admin.uri("/api/v1/configs/notype/dev"))
			.PUT(BodyPublishers.ofString("a: 1")));
		assertThat(put.statusCode()).isEqualTo(415);
		admin.assertNothingStored("/api/v1/configs/notype/dev");
	}

	@Test
	void unsupportedCharsetIs400NamingIt() throws Exception {
		HttpResponse<String> put = admin.put("/api/v1/configs/badcharset/dev", "text/plain; charset=foo", "a=1");
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put)).contains("charset foo is not supported");
		admin.assertNothingStored("/api/v1/configs/badcharset/dev");
	}

	@Test
	void yamlWithABinaryValueIs400NamingTheKeyAndStoresNothing() throws Exception {
		HttpResponse<String> put = admin.put("/api/v1/configs/binary/dev", YAML, "a: !!binary aGVsbG8=\n");
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put)).contains("'a'").contains("!!binary");
		admin.assertNothingStored("/api/v1/configs/binary/dev");
	}

	@Test
	void propertiesWithoutAnyPropertyIs400AndStoresNothing() throws Exception {
		HttpResponse<String> put = admin.put("/api/v1/configs/emptyprops/dev", PROPERTIES, "# all commented out\n\n");
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put))
			.isEqualTo("the body holds no properties; to publish an empty configuration send YAML {}");
		admin.assertNothingStored("/api/v1/configs/emptyprops/dev");
	}

	@Test
	void missingBodyIs400() throws Exception {
		HttpResponse<String> put = admin.send(HttpRequest.newBuilder(admin.uri("/api/v1/configs/nobody/dev"))
			.header("Content-Type", YAML)
			.PUT(BodyPublishers.noBody()));
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put)).contains("body is missing");
		admin.assertNothingStored("/api/v1/configs/nobody/dev");
	}

	@Test
	void storeThatCannotWriteAnswers503() throws Exception {
		// a plain file where the app's directory must go: the store cannot create it
		Files.writeString(dataDir.resolve("releases").resolve("blocked"), "not a directory");
		HttpResponse<String> put = admin.put("/api/v1/configs/blocked/dev", YAML, "a: 1");
		assertThat(put.statusCode()).isEqualTo(503);
		assertThat(error(put)).contains("unavailable").contains("nothing was stored").doesNotContain("Exception");
		admin.assertNothingStored("/api/v1/configs/blocked/dev");
	}

	@Test
	void unknownPathAndWrongMethodAnswerJsonErrors() throws Exception {
		HttpResponse<String> delete = admin
			.send(HttpRequest.newBuilder(admin.uri("/api/v1/configs/orders/dev")).DELETE());
		assertThat(delete.statusCode()).isEqualTo(405);
		assertThat(error(delete)).isNotBlank();
		HttpResponse<String> unknown = admin.get("/api/v1/nope");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(error(unknown)).isEqualTo("no such endpoint: GET /api/v1/nope");
	}

	@Test
	void everyBodyIsReadByTheCentersReaderNeverBySpringsConverters(
			@Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings) {
		// a converter reads a body whole, past mcp.server.max-body-size, and lets a field given twice through
		assertThat(mappings.getHandlerMethods().values())
			.flatExtracting((handler) -> List.of(handler.getMethodParameters()))
			.isNotEmpty()
			.noneMatch((parameter) -> parameter.hasParameterAnnotation(RequestBody.class)
					|| HttpEntity.class.isAssignableFrom(parameter.getParameterType()));
	}

	@Test
	void optionsIsAMethodNoPathTakes() throws Exception {
		HttpResponse<String> options = admin.send(HttpRequest.newBuilder(admin.uri("/api/v1/configs/orders/dev"))
			.method("OPTIONS", BodyPublishers.noBody()));
		assertThat(options.statusCode()).isEqualTo(405);
		assertThat(error(options)).contains("OPTIONS");
		assertThat(options.headers().allValues("Allow")).flatExtracting((allow) -> List.of(allow.split(",\\s*")))
			.containsExactlyInAnyOrder("GET", "HEAD", "PUT");
		HttpResponse<String> unknown = admin.send(HttpRequest.newBuilder(admin.uri("/api/v1/nope"))
			.method("OPTIONS", BodyPublishers.noBody()));
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(error(unknown)).isEqualTo("no such endpoint: OPTIONS /api/v1/nope");
	}

}
