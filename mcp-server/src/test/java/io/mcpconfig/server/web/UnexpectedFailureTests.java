package io.mcpconfig.server.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpconfig.server.DataDirectoryTests;
import io.mcpconfig.server.TestTokens;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.DelegatingReleaseStore;
import io.mcpconfig.server.store.ReleaseStore;
import io.mcpconfig.server.store.file.FileReleaseStore;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures nobody planned for: the caller gets a generic JSON error with an id, the log
 * gets the details under that id. A store that runs out of heap and a filter that throws
 * stand in for them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "grpc.server.port=0")
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class UnexpectedFailureTests extends DataDirectoryTests {

	private static final Pattern GENERIC = Pattern.compile("internal error, see the server log \\(id ([0-9a-f]{8})\\)");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	int port;

	@Test
	void anErrorOfTheHeapAnswersAGenericErrorAndIsLoggedUnderItsId(CapturedOutput log) throws Exception {
		HttpResponse<String> history = get("/api/v1/configs/heap/dev/releases", "application/json");
		assertThat(history.statusCode()).isEqualTo(500);
		String id = genericErrorId(history);
		assertThat(history.body()).doesNotContain("OutOfMemoryError", "Exception", "java.", "heap");
		assertThat(log).contains("(id " + id + ")").contains("java.lang.OutOfMemoryError: Java heap space");
	}

	@Test
	void anExceptionThatEscapesTheControllersAnswersAGenericJsonErrorAlsoToABrowser(CapturedOutput log)
			throws Exception {
		HttpResponse<String> boom = get("/api/v1/configs/boom/dev", "text/html");
		assertThat(boom.statusCode()).isEqualTo(500);
		assertThat(boom.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
		String id = genericErrorId(boom);
		assertThat(boom.body()).doesNotContain("IllegalStateException", "secret", "at io.");
		assertThat(log).contains("(id " + id + ")").contains("IllegalStateException: secret internals");
	}

	@Test
	void theErrorPathAskedForDirectlyIsAJson404() throws Exception {
		for (String accept : List.of("application/json", "text/html")) {
			HttpResponse<String> error = get("/error", accept);
			assertThat(error.statusCode()).isEqualTo(404);
			assertThat(JSON.readTree(error.body()).get("error").asText()).isEqualTo("no such path: /error");
		}
	}

	private static String genericErrorId(HttpResponse<String> response) throws IOException {
		JsonNode body = JSON.readTree(response.body());
		assertThat(body.size()).isEqualTo(1);
		Matcher generic = GENERIC.matcher(body.get("error").asText());
		assertThat(generic.matches()).as(response.body()).isTrue();
		return generic.group(1);
	}

	private HttpResponse<String> get(String path, String accept) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Accept", accept)
			.header("Authorization", TestTokens.adminBearer())
			.timeout(Duration.ofSeconds(10))
			.build(), BodyHandlers.ofString());
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Failures {

		/** The file store, except that reading the history of {@code heap/dev} runs out of heap. */
		@Bean
		@Primary
		ReleaseStore outOfHeapForOneTarget(FileReleaseStore store) {
			return new DelegatingReleaseStore(store) {

				@Override
				public Stream<Release> history(Target target, int limit) {
					if (target.app().equals("heap")) {
						throw new OutOfMemoryError("Java heap space");
					}
					return super.history(target, limit);
				}

			};
		}

		/** A filter, outside every controller, that fails on one path. */
		@Bean
		Filter failingOnBoom() {
			return (request, response, chain) -> {
				if (((jakarta.servlet.http.HttpServletRequest) request).getRequestURI().contains("/boom/")) {
					throw new IllegalStateException("secret internals");
				}
				chain.doFilter(request, response);
			};
		}

	}

}
