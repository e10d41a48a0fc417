package io.mcpconfig.cli.connection;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mcpconfig.cli.CommandFailure;
import io.mcpconfig.cli.ExitStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AdminApiTests {

	@ParameterizedTest
	@CsvSource({ "400, REFUSED", "401, REFUSED", "403, REFUSED", "413, REFUSED", "404, NOT_FOUND", "409, CONFLICT",
			"412, CONFLICT", "500, SERVER_ERROR", "503, SERVER_ERROR" })
	void eachKindOfAnswerHasItsExitStatus(int status, ExitStatus expected) {
		assertThat(AdminApi.failure(status, "{\"error\":\"why\"}", "GET /x").status()).isEqualTo(expected);
	}

	@Test
	void theMessageIsTheCentersOwnReason() {
		assertThat(AdminApi.failure(409, "{\"error\":\"version conflict\",\"currentVersion\":5}", "PUT /x"))
			.hasMessage("version conflict");
		assertThat(AdminApi.failure(404, "", "DELETE http://c/api/v1/tokens/t"))
			.hasMessage("HTTP 404 from DELETE http://c/api/v1/tokens/t");
		assertThat(AdminApi.failure(401, "{\"error\":\"a bearer token is required\"}", "GET /x").getMessage())
			.startsWith("a bearer token is required").contains("--token");
		// a proxy's or a TLS port's plain text is shown, escaped; HTML is not
		assertThat(AdminApi.failure(502, "Bad gateway\r\nupstream \u001b[2J down\n", "GET /x"))
			.hasMessage("HTTP 502 from GET /x: Bad gateway upstream \\u001b[2J down");
		assertThat(AdminApi.failure(502, "<html><body>Bad gateway</body></html>", "GET /x"))
			.hasMessage("HTTP 502 from GET /x");
	}

	@Test
	void aRefusalNamingAParameterIsNoRefusalOfTheBody() {
		assertThat(AdminApi.failure(400, "{\"error\":\"invalid YAML\"}", "PUT /x").refusesTheBody()).isTrue();
		assertThat(AdminApi.failure(400,
				"{\"error\":\"bad selector\",\"parameter\":{\"in\":\"query\",\"name\":\"selector\"}}", "PUT /x")
			.refusesTheBody()).isFalse();
		// a center from before the parameter was named: every 400 is the body's, as it was
		assertThat(AdminApi.failure(400, "Bad Request", "PUT /x").refusesTheBody()).isTrue();
		assertThat(AdminApi.failure(413, "{\"error\":\"too large\"}", "PUT /x").refusesTheBody()).isTrue();
		assertThat(AdminApi.failure(409, "{\"error\":\"conflict\"}", "PUT /x").refusesTheBody()).isFalse();
	}

	@Test
	void aServerWithoutSchemeIsHttpAndTrailingSlashesGo() {
		assertThat(AdminApi.serverUri("config:8070").toString()).isEqualTo("http://config:8070");
		assertThat(AdminApi.serverUri("https://config:8070//").toString()).isEqualTo("https://config:8070");
	}

	@Test
	void aServerThatIsNoHttpUrlIsAUsageError() {
		assertThatExceptionOfType(CommandFailure.class).isThrownBy(() -> AdminApi.serverUri("ftp://config"))
			.satisfies((failure) -> assertThat(failure.status()).isEqualTo(ExitStatus.USAGE));
	}

	/**
	 * A loopback HTTP server stands in for a center whose places for reads are taken: it
	 * answers 503 with Retry-After a given number of times, then the answer.
	 */
	@ParameterizedTest
	@CsvSource({ "GET, 503, 2, 3", "GET, 429, 2, 3", "GET, 503, 3, 3", "PUT, 503, 1, 1" })
	void aReadTheCenterIsTooBusyForIsTriedAgainTwiceAtMostAndAChangeNever(String method, int busy, int busyAnswers,
			int expectedCalls) throws IOException {
		AtomicInteger calls = new AtomicInteger();
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", (exchange) -> {
			if (calls.incrementAndGet() <= busyAnswers) {
				exchange.getResponseHeaders().set("Retry-After", "0");
				answer(exchange, busy, "{\"error\":\"8 reads of stored releases are in progress; try again\"}");
			}
			else {
				answer(exchange, 200, "{\"version\":7}");
			}
		});
		server.start();
		try {
			AdminApi api = AdminApi.connect(
					new ConnectionChoices("http://127.0.0.1:" + server.getAddress().getPort(), null, null, null),
					Duration.ofSeconds(2), Duration.ofSeconds(5));
			ApiPath path = ApiPath.of("api", "x");
			if (busyAnswers < 3 && method.equals("GET")) {
				assertThat(api.get(path).get("version").asLong()).isEqualTo(7);
			}
			else {
				assertThatExceptionOfType(CommandFailure.class)
					.isThrownBy(() -> send(api, method, path))
					.satisfies((failure) -> assertThat(failure.status()).isEqualTo(ExitStatus.SERVER_ERROR))
					.withMessage("8 reads of stored releases are in progress; try again");
			}
			assertThat(calls).hasValue(expectedCalls);
		}
		finally {
			server.stop(0);
		}
	}

	private static void send(AdminApi api, String method, ApiPath path) {
		if (method.equals("GET")) {
			api.get(path);
		}
		else {
			api.put(path, new Payload("a: 1".getBytes(StandardCharsets.UTF_8), "application/yaml"), null);
		}
	}

	private static void answer(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
