package io.mcpconfig.server.web;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.server.admin.AdminClient;
import io.mcpconfig.server.sync.AdminApiSessionTests;
import io.mcpconfig.testsupport.center.RepositoryZip;
import org.junit.jupiter.api.Test;

import static io.mcpconfig.server.admin.AdminClient.error;
import static io.mcpconfig.server.admin.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query of a change over real HTTP against a started center on the file store: a
 * request that names {@code dryRun}, in any letter case and with any value, changes
 * nothing (it previews where the endpoint can, and is refused where it cannot), and a
 * change that names a parameter its endpoint does not take is refused. Each test checks the
 * release, overlays, gray release and audit log are as they were. Each uses targets of its
 * own, since all share one store and one audit log.
 */
class ChangeParameterTests extends AdminApiSessionTests {

	private static final String YAML = AdminClient.YAML;

	/** Spellings of a dry run on an endpoint that has none: each is refused, whatever its value. */
	private static final List<String> DRY_RUNS = List.of("dryRun=true", "dryrun", "DRYRUN=false", "DryRun=", "dryRun");

	@Test
	void aPublishNamingDryRunInAnyLetterCaseOrWithoutAValuePreviewsAndStoresNothing() {
		String path = "/api/v1/configs/previewed/dev";
		assertThat(this.admin.put(path, YAML, "pool: 10\n").statusCode()).isEqualTo(201);
		TargetState before = state(path);
		for (String dryRun : List.of("dryRun=true", "dryrun=true", "DRYRUN", "DryRun=", "dryRun", "dryRUN=yes",
				"dryRun&comment=bigger")) {
			HttpResponse<String> preview = this.admin.put(path + "?" + dryRun, YAML, "pool: 20\n");
			assertThat(preview.statusCode()).as(dryRun + ": " + preview.body()).isEqualTo(200);
			assertThat(json(preview).get("baseVersion").asLong()).isEqualTo(1);
			assertThat(json(preview).get("changes").get("modified")).hasSize(1);
		}
		// a preview takes what the publish takes, and refuses what the publish would refuse
		HttpResponse<String> longComment = this.admin.put(path + "?dryrun&comment=" + "c".repeat(1025), YAML,
				"pool: 20\n");
		assertThat(longComment.statusCode()).isEqualTo(400);
		assertThat(error(longComment)).contains("max-comment-length");
		assertThat(state(path)).isEqualTo(before);
	}

	@Test
	void anImportNamingDryRunInAnyLetterCaseOrWithoutAValuePreviewsAndPublishesNothing() {
		for (String dryRun : List.of("dryRun", "dryRun=", "dryrun=true", "DRYRUN=yes", "DryRun=1")) {
			HttpResponse<String> preview = postImport("env=impdry&" + dryRun);
			assertThat(preview.statusCode()).as(dryRun + ": " + preview.body()).isEqualTo(200);
			assertThat(json(preview).get("dryRun").asBoolean()).as(dryRun).isTrue();
		}
		assertNothingImported("impdry");
	}

	@Test
	void aDryRunWhoseValueAsksForTheChangeIsRefusedAndChangesNothing() {
		String path = "/api/v1/configs/falsedry/dev";
		assertThat(this.admin.put(path, YAML, "pool: 10\n").statusCode()).isEqualTo(201);
		TargetState before = state(path);
		for (String dryRun : List.of("dryRun=false", "dryrun=No", "DRYRUN=0", "dryRun=true&dryRun=off")) {
			HttpResponse<String> publish = this.admin.put(path + "?" + dryRun, YAML, "pool: 20\n");
			assertThat(publish.statusCode()).as(dryRun).isEqualTo(400);
			assertThat(error(publish)).contains("is refused, nothing was changed")
				.endsWith("leave dryRun out to make the change");
			HttpResponse<String> imported = postImport("env=impfalse&" + dryRun);
			assertThat(imported.statusCode()).as(dryRun).isEqualTo(400);
			assertThat(error(imported)).contains("is refused, nothing was changed");
		}
		HttpResponse<String> notABoolean = postImport("env=impfalse&dryRun=maybe");
		assertThat(notABoolean.statusCode()).isEqualTo(400);
		assertThat(error(notABoolean)).startsWith("'maybe' is not a valid dryRun");
		assertThat(state(path)).isEqualTo(before);
		assertNothingImported("impfalse");
	}

	@Test
	void aChangeThatHasNoDryRunIsRefusedWhenItNamesOneAndChangesNothing() {
		String path = "/api/v1/configs/nodry/dev";
		assertThat(this.admin.put(path, YAML, "pool: 10\n").statusCode()).isEqualTo(201);
		assertThat(this.admin.put(path, YAML, "pool: 11\n").statusCode()).isEqualTo(200);
		assertThat(this.admin.put(path + "/overlays/eu?selector=region=eu", YAML, "pool: 20\n").statusCode())
			.isEqualTo(200);
		assertThat(this.admin.put(path + "/gray?percentage=10", YAML, "pool: 15\n").statusCode()).isEqualTo(200);
		TargetState before = state(path);
		assertThat(before.grayStatus()).isEqualTo(200);
		String configs = "/api/v1/configs/{app}/{env}";
		for (String dryRun : DRY_RUNS) {
			assertNoDryRun("POST " + configs + "/rollback",
					this.admin.post(path + "/rollback?" + dryRun, "{\"toVersion\": 1}"));
			assertNoDryRun("PUT " + configs + "/overlays/{name}",
					this.admin.put(path + "/overlays/eu?selector=region=eu&" + dryRun, YAML, "pool: 30\n"));
			assertNoDryRun("PUT " + configs + "/overlays/{name}",
					this.admin.put(path + "/overlays/us?" + dryRun + "&selector=region=us", YAML, "pool: 30\n"));
			assertNoDryRun("DELETE " + configs + "/overlays/{name}", this.admin.delete(path + "/overlays/eu?" + dryRun));
			assertNoDryRun("PUT " + configs + "/gray",
					this.admin.put(path + "/gray?percentage=50&" + dryRun, YAML, "pool: 16\n"));
			assertNoDryRun("POST " + configs + "/gray/promote", this.admin.post(path + "/gray/promote?" + dryRun, ""));
			assertNoDryRun("DELETE " + configs + "/gray", this.admin.delete(path + "/gray?" + dryRun));
		}
		assertThat(state(path)).isEqualTo(before);

		String graylessPath = "/api/v1/configs/nodrygray/dev";
		assertThat(this.admin.put(graylessPath, YAML, "pool: 10\n").statusCode()).isEqualTo(201);
		TargetState grayless = state(graylessPath);
		for (String dryRun : DRY_RUNS) {
			assertNoDryRun("PUT " + configs + "/gray",
					this.admin.put(graylessPath + "/gray?percentage=5&" + dryRun, YAML, "pool: 16\n"));
		}
		assertThat(state(graylessPath)).isEqualTo(grayless);
		assertThat(grayless.grayStatus()).isEqualTo(404);
	}

	@Test
	void aTokenChangeNamingDryRunIsRefusedAndStoresNothing() {
		String reader = "{\"name\": \"%s\", \"role\": \"reader\", \"apps\": [\"*\"], \"envs\": [\"*\"]}";
		assertThat(this.admin.post("/api/v1/tokens", reader.formatted("dry-kept")).statusCode()).isEqualTo(201);
		String tokens = this.admin.get("/api/v1/tokens").body();
		long audited = total("action=token-create,token-revoke");
		for (String dryRun : DRY_RUNS) {
			assertNoDryRun("POST /api/v1/tokens",
					this.admin.post("/api/v1/tokens?" + dryRun, reader.formatted("dry-new")));
			assertNoDryRun("DELETE /api/v1/tokens/{name}", this.admin.delete("/api/v1/tokens/dry-kept?" + dryRun));
		}
		assertThat(this.admin.get("/api/v1/tokens").body()).isEqualTo(tokens);
		assertThat(total("action=token-create,token-revoke")).isEqualTo(audited);
	}

	@Test
	void aChangeWithAParameterItDoesNotTakeIsRefusedNamingItAndWhatTheEndpointTakes() {
		String path = "/api/v1/configs/misspelt/dev";
		assertThat(this.admin.put(path, YAML, "pool: 10\n").statusCode()).isEqualTo(201);
		TargetState before = state(path);
		String configs = "/api/v1/configs/{app}/{env}";
		assertUnknown("commnet", "PUT " + configs + " takes comment",
				this.admin.put(path + "?commnet=bigger", YAML, "pool: 20\n"));
		assertUnknown("Comment", "PUT " + configs + " takes comment",
				this.admin.put(path + "?Comment=bigger", YAML, "pool: 20\n"));
		assertUnknown("comment.x", "PUT " + configs + " takes dryRun, comment",
				this.admin.put(path + "?dryRun&comment.x=bigger", YAML, "pool: 20\n"));
		assertUnknown("selectr", "PUT " + configs + "/overlays/{name} takes selector",
				this.admin.put(path + "/overlays/eu?selectr=region=eu", YAML, "pool: 20\n"));
		assertUnknown("percent", "PUT " + configs + "/gray takes percentage, selector, instances, abortOnNack",
				this.admin.put(path + "/gray?percent=5", YAML, "pool: 15\n"));
		assertUnknown("comment", "POST " + configs + "/rollback takes no parameters",
				this.admin.post(path + "/rollback?comment=back", "{\"toVersion\": 1}"));
		assertThat(state(path)).isEqualTo(before);
		assertUnknown("envs", "POST /api/v1/import takes env, dryRun", postImport("env=impunknown&envs=prod"));
		assertNothingImported("impunknown");
		// a read takes whatever it is given: it changes nothing
		assertThat(this.admin.get(path + "?commnet=x&dryrun").statusCode()).isEqualTo(200);
	}

	/** The center never guesses which of two values was meant (the first was taken: 10 %, not 90 %). */
	@Test
	void aChangeNamingAParameterTwiceIsRefusedUnlessItIsAList() {
		String path = "/api/v1/configs/twice/dev";
		assertThat(this.admin.put(path, YAML, "pool: 10\n").statusCode()).isEqualTo(201);
		TargetState before = state(path);
		for (String query : List.of("gray?percentage=10&percentage=90", "gray?percentage=10&abortOnNack=true&abortOnNack=false")) {
			HttpResponse<String> refused = this.admin.put(path + "/" + query, YAML, "pool: 15\n");
			assertThat(refused.statusCode()).as(query + ": " + refused.body()).isEqualTo(400);
			assertThat(error(refused)).endsWith("is given 2 times, so nothing was changed: give it once");
		}
		assertThat(error(this.admin.put(path + "?comment=a&comment=b", YAML, "pool: 20\n")))
			.isEqualTo("parameter 'comment' is given 2 times, so nothing was changed: give it once");
		assertThat(state(path)).isEqualTo(before);

		HttpResponse<String> both = this.admin.put(path + "/gray?percentage=100&selector=region=eu&selector=tier=web",
				YAML, "pool: 15\n");
		assertThat(both.statusCode()).as(both.body()).isEqualTo(200);
		assertThat(json(this.admin.get(path + "/gray")).get("selector").asText()).isEqualTo("region=eu,tier=web");
	}

	/** "Only if none exists" on a change that replaces what exists would do the opposite of what is asked. */
	@Test
	void aChangeThatDoesNotTakeIfNoneMatchIsRefusedWhenItIsSent() {
		String path = "/api/v1/configs/inm/dev";
		assertThat(this.admin.put(path, YAML, "pool: 10\n").statusCode()).isEqualTo(201);
		assertThat(this.admin.put(path + "/overlays/eu?selector=region=eu", YAML, "pool: 20\n").statusCode())
			.isEqualTo(200);
		TargetState before = state(path);
		String configs = "/api/v1/configs/{app}/{env}";
		Map<String, HttpResponse<String>> refused = Map.of(
				"PUT " + configs, this.admin.put(path, YAML, "pool: 11\n", "If-None-Match", "*"),
				"PUT " + configs + "/overlays/{name}",
				this.admin.put(path + "/overlays/eu?selector=region=eu", YAML, "pool: 21\n", "If-None-Match", "*"),
				"DELETE " + configs + "/overlays/{name}", this.admin.send(HttpRequest
					.newBuilder(this.admin.uri(path + "/overlays/eu")).header("If-None-Match", "*").DELETE()));
		refused.forEach((endpoint, response) -> {
			assertThat(response.statusCode()).as(endpoint + ": " + response.body()).isEqualTo(400);
			assertThat(error(response)).isEqualTo("If-None-Match is not taken by " + endpoint + ", so nothing was"
					+ " changed: leave it out (only PUT .../gray takes it, to start a gray release only if none runs)");
		});
		assertThat(state(path)).isEqualTo(before);
	}

	private void assertNoDryRun(String endpoint, HttpResponse<String> response) {
		assertThat(response.statusCode()).as(endpoint + ": " + response.body()).isEqualTo(400);
		assertThat(error(response)).isEqualTo("dry runs are not supported by " + endpoint
				+ ", so nothing was changed: leave dryRun out to make the change");
	}

	private static void assertUnknown(String parameter, String takes, HttpResponse<String> response) {
		assertThat(response.statusCode()).as(parameter + ": " + response.body()).isEqualTo(400);
		assertThat(error(response))
			.isEqualTo("unknown parameter '" + parameter + "', so nothing was changed: " + takes);
	}

	private HttpResponse<String> postImport(String query) {
		byte[] repository = RepositoryZip.of(Map.of("application.yml", "shared: 1\n", "orders.yml", "pool: 10\n"));
		return this.admin.send(HttpRequest.newBuilder(this.admin.uri("/api/v1/import?" + query))
			.header("Content-Type", "application/zip")
			.POST(BodyPublishers.ofByteArray(repository)));
	}

	private void assertNothingImported(String env) {
		assertThat(this.admin.get("/api/v1/configs/orders/" + env).statusCode()).isEqualTo(404);
		assertThat(this.admin.get("/api/v1/configs/application/" + env).statusCode()).isEqualTo(404);
		assertThat(total("env=" + env)).isZero();
	}

	private TargetState state(String path) {
		String[] appEnv = path.substring("/api/v1/configs/".length()).split("/");
		HttpResponse<String> gray = this.admin.get(path + "/gray");
		return new TargetState(this.admin.get(path).body(), this.admin.get(path + "/overlays").body(),
				gray.statusCode(), gray.body(), total("app=" + appEnv[0] + "&env=" + appEnv[1]));
	}

	private long total(String auditQuery) {
		JsonNode page = json(this.admin.get("/api/v1/audit?" + auditQuery));
		return page.get("total").asLong();
	}

	/** What a change would alter: the current release, the overlays, the gray release, the audit log. */
	private record TargetState(String release, String overlays, int grayStatus, String gray, long audited) {
	}

}
