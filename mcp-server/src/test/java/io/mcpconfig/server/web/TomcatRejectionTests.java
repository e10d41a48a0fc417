package io.mcpconfig.server.web;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpconfig.server.DataDirectoryTests;
import io.mcpconfig.server.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests Tomcat refuses before any controller sees them, or stops reading, sent by hand
 * (an HTTP client would refuse to send most of them): the answer is JSON
 * {@code {"error": "..."}} that says what is wrong, like every other error of the port.
 * Tomcat waits a second for a silent client here, so that a test can outlast it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "server.tomcat.connection-timeout=1s" })
@DirtiesContext
class TomcatRejectionTests extends DataDirectoryTests {

	/** The admin token's header line: a request Tomcat lets through must get past the token check. */
	private static final String AUTHORIZATION = "Authorization: " + TestTokens.adminBearer() + "\r\n";

	private static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	int port;

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '#', textBlock = """
			an encoded slash in a name     # GET /api/v1/configs/a%2Fb/dev # 400 # the path is not valid
			an encoded backslash in a name # GET /api/v1/configs/a%5Cb/dev # 400 # the path is not valid
			an encoded NUL in a name       # GET /api/v1/configs/a%00b/dev # 400 # the path is not valid
			a raw character not allowed    # GET /api/v1/configs/a|b/dev   # 400 # Invalid character found in the request target
			a request line that is no HTTP # GARBAGE                       # 400 # Invalid character found in method name
			""")
	void aRequestTomcatCannotParseIsAnsweredWithAJsonError(String what, String requestLine, int status,
			String message) throws Exception {
		String request = requestLine.equals("GARBAGE") ? "GARBAGE\r\n\r\n"
				: requestLine + " HTTP/1.1\r\nHost: x\r\n" + AUTHORIZATION + "Connection: close\r\n\r\n";
		assertJsonError(RawHttp.exchange(this.port, request), status, message);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			a query string of 8 KB | query
			a header of 9 KB       | header
			""")
	void aRequestOverTheHeaderSizeIsAnsweredWithAJsonError(String what, String where) throws Exception {
		String big = "x".repeat(where.equals("query") ? 8 * 1024 : 9 * 1024);
		String request = where.equals("query")
				? "GET /api/v1/configs/orders/dev?comment=" + big + " HTTP/1.1\r\nHost: x\r\n" + AUTHORIZATION + "Connection: close\r\n\r\n"
				: "GET /api/v1/configs/orders/dev HTTP/1.1\r\nHost: x\r\n" + AUTHORIZATION + "X-Big: " + big + "\r\nConnection: close\r\n\r\n";
		assertJsonError(RawHttp.exchange(this.port, request), 400,
				"the request line and headers are larger than the server accepts (server.max-http-request-header-size)");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			a Content-Length that is no number | Content-Length: abc      | 400 | Content-Length
			a transfer encoding Tomcat lacks   | Transfer-Encoding: gzip  | 501 | Transfer-Encoding
			""")
	void aBodyTomcatCannotFrameIsAnsweredWithAJsonError(String what, String header, int status, String message)
			throws Exception {
		String request = "PUT /api/v1/configs/orders/dev HTTP/1.1\r\nHost: x\r\n" + AUTHORIZATION + "Content-Type: application/yaml\r\n"
				+ header + "\r\nConnection: close\r\n\r\n";
		assertJsonError(RawHttp.exchange(this.port, request), status, message);
	}

	@Test
	void aBodyThatStopsArrivingIsAnswered408AndNotStored() throws Exception {
		try (RawHttp stalled = RawHttp.connect(this.port, Duration.ofSeconds(5))) {
			stalled.send("PUT /api/v1/configs/stalled/dev HTTP/1.1\r\nHost: x\r\n" + AUTHORIZATION + "Content-Type: text/plain\r\n"
					+ "Content-Length: 100\r\n\r\na=1\n");
			assertJsonError(stalled.response(), 408, "the client stopped sending before its end; nothing was stored");
		}
		assertThat(RawHttp.exchange(this.port, "GET /api/v1/configs/stalled/dev HTTP/1.1\r\nHost: x\r\n" + AUTHORIZATION
				+ "Connection: close\r\n\r\n").status()).isEqualTo(404);
	}

	private static void assertJsonError(RawHttp.Response response, int status, String message) throws Exception {
		assertThat(response.status()).as(response.raw()).isEqualTo(status);
		assertThat(response.header("Content-Type")).as(response.raw()).startsWith("application/json");
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.size()).isEqualTo(1);
		assertThat(body.get("error").asText()).contains(message).doesNotContain("Exception", "<html");
	}

}
