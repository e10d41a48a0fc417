package io.mcpconfig.cli.connection;

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
	void aServerWithoutSchemeIsHttpAndTrailingSlashesGo() {
		assertThat(AdminApi.serverUri("config:8070").toString()).isEqualTo("http://config:8070");
		assertThat(AdminApi.serverUri("https://config:8070//").toString()).isEqualTo("https://config:8070");
	}

	@Test
	void aServerThatIsNoHttpUrlIsAUsageError() {
		assertThatExceptionOfType(CommandFailure.class).isThrownBy(() -> AdminApi.serverUri("ftp://config"))
			.satisfies((failure) -> assertThat(failure.status()).isEqualTo(ExitStatus.USAGE));
	}

}
