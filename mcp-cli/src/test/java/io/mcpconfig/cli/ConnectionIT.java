package io.mcpconfig.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.cli.McpctlRun.Result;
import io.mcpconfig.protocol.ListenPorts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How the real jar finds and authenticates to the center (flags over environment over
 * config file), and what it exits with when it cannot; tokens and the audit log.
 */
class ConnectionIT extends WithRunningCenter {

	@BeforeAll
	static void publishARelease() throws Exception {
		Result published = mcpctl("publish", "orders", "dev", "-f", file("orders.yml", "a: 1\n").toString());
		assertThat(published.exitCode()).as(published.toString()).isZero();
	}

	@Test
	void aCenterThatDoesNotListenExitsWithUnreachable() throws Exception {
		String nobody = "http://127.0.0.1:" + ListenPorts.free();

		Result unreachable = McpctlRun.in(work).run("get", "orders", "dev", "--server", nobody, "--connect-timeout", "2s");

		assertThat(unreachable.exitCode()).as(unreachable.toString()).isEqualTo(ExitStatus.UNREACHABLE.code());
		assertThat(unreachable.err()).startsWith("mcpctl: cannot reach the config center at " + nobody);
	}

	@Test
	void aMissingOrUnknownTokenIsRefusedWithTheCentersReason() throws Exception {
		Result without = McpctlRun.in(work).run("get", "orders", "dev", "--server", center.url());
		assertThat(without.exitCode()).as(without.toString()).isEqualTo(ExitStatus.REFUSED.code());
		assertThat(without.err()).startsWith("mcpctl: a bearer token is required").contains("MCP_TOKEN");

		Result unknown = McpctlRun.in(work).run("get", "orders", "dev", "--server", center.url(), "--token", "nope");
		assertThat(unknown.exitCode()).isEqualTo(ExitStatus.REFUSED.code());
		assertThat(unknown.err()).startsWith("mcpctl: the bearer token is not valid (unknown or revoked)");
	}

	@Test
	void theConfigFileInTheHomeDirectoryIsUsedWhenNothingElseSaysHowToConnect(@TempDir Path home) throws Exception {
		Files.writeString(home.resolve(".mcpctl.yaml"), "server: " + center.url() + "\ntoken: " + center.adminToken + "\n");

		Result fromFile = McpctlRun.in(home).run("get", "orders", "dev", "-o", "json");

		assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
		assertThat(fromFile.json().path("version").asLong()).isEqualTo(1);
	}

	@Test
	void theEnvironmentWinsOverTheConfigFileAndFlagsWinOverBoth(@TempDir Path home) throws Exception {
		Files.writeString(home.resolve(".mcpctl.yaml"), "server: " + center.url() + "\ntoken: " + center.adminToken + "\n");
		McpctlRun wrongEnvironment = McpctlRun.in(home).env("MCP_TOKEN", "wrong");

		assertThat(wrongEnvironment.run("get", "orders", "dev").exitCode()).isEqualTo(ExitStatus.REFUSED.code());
		assertThat(wrongEnvironment.run("get", "orders", "dev", "--token", center.adminToken).exitCode()).isZero();

		McpctlRun unreachableEnvironment = McpctlRun.in(home).env("MCP_SERVER", "http://127.0.0.1:" + ListenPorts.free());
		assertThat(unreachableEnvironment.run("get", "orders", "dev").exitCode())
			.isEqualTo(ExitStatus.UNREACHABLE.code());
		assertThat(unreachableEnvironment.run("get", "orders", "dev", "--server", center.url()).exitCode()).isZero();
	}

	@Test
	void configNamesAnotherFileWhichMustExistAndHoldOnlyKnownKeys(@TempDir Path home) throws Exception {
		Path config = Files.writeString(home.resolve("center.yaml"),
				"server: " + center.url() + "\ntoken: " + center.adminToken + "\n");
		assertThat(McpctlRun.in(home).run("get", "orders", "dev", "--config", config.toString()).exitCode()).isZero();

		Result missing = McpctlRun.in(home).run("get", "orders", "dev", "--config", home.resolve("nope.yaml").toString());
		assertThat(missing.exitCode()).isEqualTo(ExitStatus.USAGE.code());
		assertThat(missing.err()).contains("nope.yaml does not exist");

		Path misspelt = Files.writeString(home.resolve("misspelt.yaml"), "sever: " + center.url() + "\n");
		Result unknownKey = McpctlRun.in(home).run("get", "orders", "dev", "--config", misspelt.toString());
		assertThat(unknownKey.exitCode()).isEqualTo(ExitStatus.USAGE.code());
		assertThat(unknownKey.err()).contains("unknown key 'sever'");
	}

	@Test
	void aTokenIsCreatedUsedWithinItsRoleAndRevoked() throws Exception {
		Result created = asAdmin().run("tokens", "create", "orders-reader", "--role", "reader", "--apps", "orders",
				"--envs", "dev,prod");
		assertThat(created.exitCode()).as(created.toString()).isZero();
		assertThat(created.err()).contains("created token orders-reader (reader)");
		String secret = created.out().strip();
		assertThat(secret).isNotBlank().doesNotContain("\n");

		assertThat(asAdmin().run("tokens", "list").out())
			.containsPattern("(?m)^orders-reader +reader +orders +dev,prod ");
		McpctlRun reader = McpctlRun.in(work).env("MCP_SERVER", center.url()).env("MCP_TOKEN", secret);
		assertThat(reader.run("get", "orders", "dev").exitCode()).isZero();
		Result publish = reader.run("publish", "orders", "dev", "-f", work.resolve("orders.yml").toString());
		assertThat(publish.exitCode()).isEqualTo(ExitStatus.REFUSED.code());
		assertThat(publish.err()).contains("orders-reader");

		assertThat(asAdmin().run("tokens", "revoke", "orders-reader").out()).isEqualTo("revoked token orders-reader\n");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(reader.run("get", "orders", "dev").exitCode())
				.isEqualTo(ExitStatus.REFUSED.code()));
		Result again = asAdmin().run("tokens", "revoke", "orders-reader");
		assertThat(again.exitCode()).isEqualTo(ExitStatus.NOT_FOUND.code());
		assertThat(again.err()).isEqualTo("mcpctl: no token named orders-reader\n");
	}

	@Test
	void theAuditLogListsWhoPublished() throws Exception {
		JsonNode page = asAdmin().run("audit", "--app", "orders", "--size", "5", "-o", "json").json();

		assertThat(page.path("entries")).anySatisfy((entry) -> {
			assertThat(entry.path("action").asText()).isEqualTo("publish");
			assertThat(entry.path("env").asText()).isEqualTo("dev");
		});
		assertThat(asAdmin().run("audit", "--app", "orders").out()).containsPattern("(?m)^\\S+ +publish +\\S+ +orders/dev +1 ");
	}

	@Test
	void theAuditLogIsNarrowedByActionAuthorChangedKeyAndTime() throws Exception {
		Instant before = Instant.now();
		mcpctl("publish", "audited", "dev", "-f", file("audited-1.yml", "a: 1\n").toString());
		mcpctl("publish", "audited", "dev", "-f", file("audited-2.yml", "a: 1\nb: 2\n").toString());

		JsonNode byKey = asAdmin().run("audit", "--app", "audited", "--key", "b", "--action", "publish",
				"--action", "rollback,gray-step", "--who", "admin", "--since", before.toString(), "-o", "json").json();
		assertThat(byKey.path("entries")).singleElement()
			.satisfies((entry) -> assertThat(entry.path("version").asLong()).isEqualTo(2));
		assertThat(asAdmin().run("audit", "--app", "audited", "--until", before.toString(), "-o", "json").json()
			.path("total")
			.asLong()).isZero();

		Result unknown = asAdmin().run("audit", "--action", "delete");
		assertThat(unknown.exitCode()).isEqualTo(ExitStatus.REFUSED.code());
		assertThat(unknown.err()).contains("action 'delete' is not one of publish, rollback");
	}

}
