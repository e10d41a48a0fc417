package io.mcpconfig.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads a test application's own HTTP endpoints (actuator), on the port it started on. */
public final class LocalHttp {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final ObjectMapper json = new ObjectMapper();

	private LocalHttp() {
	}

	/**
	 * {@code GET} of a path, which must answer 200.
	 * @param context the application, started on a web server
	 * @param path the path, such as {@code /actuator/health}
	 * @return the answer, as JSON
	 */
	public static JsonNode getJson(ConfigurableApplicationContext context, String path)
			throws IOException, InterruptedException {
		String port = context.getEnvironment().getProperty("local.server.port");
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(5))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

}
