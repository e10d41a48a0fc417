package io.mcpconfig.server.admin;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.mcpconfig.server.admin.AdminClient.PROPERTIES;
import static io.mcpconfig.server.admin.AdminClient.YAML;
import static io.mcpconfig.server.admin.AdminClient.error;
import static io.mcpconfig.server.admin.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mcp.server.limits}: what a publish is refused for, and that whatever is accepted
 * is still served after a restart.
 */
class PublishLimitsTests {

	@TempDir
	static Path smallLimitsDir;

	private static RunningServer smallLimits;

	private static AdminClient admin;

	@BeforeAll
	static void startWithSmallLimits() {
		smallLimits = RunningServer.start(smallLimitsDir, "mcp.server.limits.max-keys=3",
				"mcp.server.limits.max-key-length=16", "mcp.server.limits.max-value-length=32",
				"mcp.server.limits.max-total-length=100", "mcp.server.limits.max-comment-length=10");
		admin = smallLimits.admin();
	}

	@AfterAll
	static void stop() {
		smallLimits.close();
	}

	@Test
	void aConfigurationAtTheLimitsIsStillCurrentAfterARestart(@TempDir Path dataDir) {
		// Jackson reads JSON names of at most 50 000 characters unless told otherwise
		String[] limits = { "mcp.server.limits.max-key-length=60000", "mcp.server.limits.max-value-length=70000",
				"mcp.server.limits.max-keys=3", "mcp.server.max-body-size=262144" };
		String longKey = "k".repeat(60_000);
		String body = longKey + "=" + "v".repeat(70_000) + "\nb=2\nc=3\n";
		JsonNode published;
		try (RunningServer server = RunningServer.start(dataDir, limits)) {
			assertThat(server.admin().put("/api/v1/configs/big/dev", PROPERTIES, "a=1\n").statusCode()).isEqualTo(201);
			HttpResponse<String> atTheLimits = server.admin().put("/api/v1/configs/big/dev", PROPERTIES, body);
			assertThat(atTheLimits.statusCode()).isEqualTo(200);
			published = json(atTheLimits);
		}
		try (RunningServer restarted = RunningServer.start(dataDir, limits)) {
			JsonNode current = json(restarted.admin().get("/api/v1/configs/big/dev"));
			assertThat(current.get("version").asLong()).isEqualTo(published.get("version").asLong());
			assertThat(current.get("checksum").asText()).isEqualTo(published.get("checksum").asText());
			assertThat(current.get("properties").get(longKey).asText()).hasSize(70_000);
		}
	}

	@Test
	void aKeyOverTheLimitIs400NamingTheKeyAndItsLength() {
		HttpResponse<String> put = admin.put("/api/v1/configs/longkey/dev", YAML,
				"short: 1\nabcdefghijklmnopq: 2\n");
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put)).isEqualTo("the key 'abcdefghijklmnopq' is 17 characters long, more than the 16 allowed"
				+ " (mcp.server.limits.max-key-length)");
		admin.assertNothingStored("/api/v1/configs/longkey/dev");
	}

	@Test
	void aKeyWithAControlCharacterIs400NamingItEscaped() {
		HttpResponse<String> put = admin.put("/api/v1/configs/ctlkey/dev", PROPERTIES, "a\\u0000b=1\n");
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put)).isEqualTo("the key 'a\\u0000b' contains the control character U+0000; a key must be"
				+ " printable");
		HttpResponse<String> yaml = admin.put("/api/v1/configs/ctlkey/dev", YAML, "\"a\\u202eb\": 1\n");
		assertThat(error(yaml)).startsWith("the key 'a\\u202Eb' contains the control character U+202E");
		admin.assertNothingStored("/api/v1/configs/ctlkey/dev");
	}

	@Test
	void aValueOverTheLimitIs400NamingItsKey() {
		HttpResponse<String> put = admin.put("/api/v1/configs/longvalue/dev", PROPERTIES,
				"a=1\npool.url=" + "x".repeat(33) + "\n");
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put)).isEqualTo("the value of 'pool.url' is 33 characters long, more than the 32 allowed"
				+ " (mcp.server.limits.max-value-length)");
		admin.assertNothingStored("/api/v1/configs/longvalue/dev");
	}

	@Test
	void moreKeysThanTheLimitIs400() {
		HttpResponse<String> put = admin.put("/api/v1/configs/manykeys/dev", YAML, "a: 1\nb: 2\nc: 3\nd: 4\n");
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put))
			.isEqualTo("the configuration has 4 properties, more than the 3 allowed (mcp.server.limits.max-keys)");
		admin.assertNothingStored("/api/v1/configs/manykeys/dev");
	}

	@Test
	void aConfigurationThatAliasesMultiplyPastTheTotalLimitIs400() {
		// each value is within its limit; the aliases repeat it past the total
		String value = "x".repeat(32);
		HttpResponse<String> put = admin.put("/api/v1/configs/aliases/dev", YAML,
				"a: &v " + value + "\nbb: *v\ncc: *v\n");
		assertThat(put.statusCode()).isEqualTo(400);
		assertThat(error(put)).isEqualTo("the keys and values of the configuration are 101 characters long together,"
				+ " more than the 100 allowed (mcp.server.limits.max-total-length)");
		admin.assertNothingStored("/api/v1/configs/aliases/dev");
	}

	@Test
	void aConfigurationAtEveryLimitIsAccepted() {
		HttpResponse<String> put = admin.put("/api/v1/configs/atlimits/dev?comment=0123456789", YAML,
				"abcdefghijklmnop: " + "x".repeat(32) + "\nb: " + "y".repeat(32) + "\nc: z\n");
		assertThat(put.statusCode()).isEqualTo(201);
	}

	@Test
	void aCommentOverTheLimitIs400ForAPublishAndARollback() {
		HttpResponse<String> publish = admin.put("/api/v1/configs/longcomment/dev?comment=01234567890", YAML, "a: 1");
		assertThat(publish.statusCode()).isEqualTo(400);
		assertThat(error(publish)).isEqualTo(
				"the comment is 11 characters long, more than the 10 allowed (mcp.server.limits.max-comment-length)");
		admin.assertNothingStored("/api/v1/configs/longcomment/dev");

		admin.put("/api/v1/configs/longcomment/dev", YAML, "a: 1");
		HttpResponse<String> rollback = admin.post("/api/v1/configs/longcomment/dev/rollback",
				"{\"toVersion\": 1, \"comment\": \"01234567890\"}");
		assertThat(rollback.statusCode()).isEqualTo(400);
		assertThat(error(rollback)).contains("11 characters").contains("mcp.server.limits.max-comment-length");
		assertThat(admin.currentVersion("/api/v1/configs/longcomment/dev")).isEqualTo(1);
	}

}
