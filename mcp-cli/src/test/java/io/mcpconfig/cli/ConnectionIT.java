package io.mcpconfig.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

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
		Result unscoped = asAdmin().run("tokens", "create", "orders-reader", "--role", "reader", "--apps", "orders");
		assertThat(unscoped.exitCode()).as(unscoped.toString()).isEqualTo(ExitStatus.USAGE.code());
		assertThat(unscoped.err()).contains("a reader token covers some apps and envs: give --apps and --envs");
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
	void aSecretThatCannotBeWrittenIsNotASuccessAndTheMessageSaysWhatToDo() throws Exception {
		Result lost = asAdmin().runWritingTo(Path.of("/dev/full"), "tokens", "create", "lost-secret", "--role", "reader",
				"--apps", "orders", "--envs", "dev");

		assertThat(lost.exitCode()).as(lost.toString()).isEqualTo(ExitStatus.OUTPUT_FAILED.code());
		assertThat(lost.err()).contains("mcpctl: token lost-secret was created, but its secret could not be written",
				"revoke it (mcpctl tokens revoke lost-secret) and create it again");
		assertThat(asAdmin().run("tokens", "revoke", "lost-secret").exitCode()).isZero();
		Result anyOutput = asAdmin().runWritingTo(Path.of("/dev/full"), "get", "orders", "dev");
		assertThat(anyOutput.exitCode()).isEqualTo(ExitStatus.OUTPUT_FAILED.code());
		assertThat(anyOutput.err()).startsWith("mcpctl: cannot write to standard output");
	}

	@Test
	void aTokenIsSentWithoutTheLineBreakAroundItAndOneWithALineBreakInsideIsRefusedUnprinted() throws Exception {
		// a token file saved with CRLF
		Result trimmed = McpctlRun.in(work)
			.run("get", "orders", "dev", "--server", center.url(), "--token", center.adminToken + "\r\n");
		assertThat(trimmed.exitCode()).as(trimmed.toString()).isZero();

		Result broken = McpctlRun.in(work)
			.run("get", "orders", "dev", "--server", center.url(), "--token", "mcp_first-half\nsecond-half");
		assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(ExitStatus.USAGE.code());
		assertThat(broken.err()).startsWith("mcpctl: the token holds a control character")
			.doesNotContain("first-half", "second-half");
	}

	@Test
	void aServerUrlWithAPasswordIsRefusedWithoutPrintingIt() throws Exception {
		Result refused = McpctlRun.in(work).run("get", "orders", "dev", "--server", "http://ops:pa55w0rd@127.0.0.1:1");
		assertThat(refused.exitCode()).isEqualTo(ExitStatus.USAGE.code());
		assertThat(refused.err()).contains("holds a user name or password").doesNotContain("pa55w0rd");

		Result port = McpctlRun.in(work).run("get", "orders", "dev", "--server", "http://127.0.0.1:99999");
		assertThat(port.exitCode()).as(port.toString()).isEqualTo(ExitStatus.USAGE.code());
		assertThat(port.err()).contains("port 99999 is out of range");
	}

	/** A center that sends its headers and part of its body, then nothing. */
	@Test
	void anAnswerWhoseBodyStallsIsHeldToTheTimeoutAndAChangeSaysItMayHaveBeenMade() throws Exception {
		List<Socket> accepted = new CopyOnWriteArrayList<>();
		try (ServerSocket stalling = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			Thread server = new Thread(() -> {
				while (!stalling.isClosed()) {
					try {
						Socket socket = stalling.accept();
						accepted.add(socket);
						socket.getOutputStream()
							.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
									+ "{\"app\":").getBytes(StandardCharsets.US_ASCII));
						socket.getOutputStream().flush();
						// kept open and silent until the test ends
					}
					catch (IOException ex) {
						return;
					}
				}
			}, "stalling-center");
			server.setDaemon(true);
			server.start();
			String url = "http://127.0.0.1:" + stalling.getLocalPort();
			long started = System.nanoTime();
			Result read = McpctlRun.in(work).run("get", "orders", "dev", "--server", url, "--timeout", "2s");
			Duration took = Duration.ofNanos(System.nanoTime() - started);

			assertThat(read.exitCode()).as(read.toString()).isEqualTo(ExitStatus.UNREACHABLE.code());
			assertThat(read.err()).isEqualTo("mcpctl: cannot reach the config center at " + url
					+ ": no answer within 2000 ms\n");
			// the JVM's start included; the socket is never closed
			assertThat(took).isLessThan(Duration.ofSeconds(20));

			Result change = McpctlRun.in(work).run("publish", "orders", "dev", "-f",
					work.resolve("orders.yml").toString(), "--server", url, "--timeout", "2s");
			assertThat(change.exitCode()).isEqualTo(ExitStatus.UNREACHABLE.code());
			assertThat(change.err()).contains("the change may have been made all the same", "--if-match");
			stalling.close();
			server.join(Duration.ofSeconds(5).toMillis());
		}
		finally {
			for (Socket socket : accepted) {
				socket.close();
			}
		}
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
