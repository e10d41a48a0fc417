package io.mcpconfig.server.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mcpconfig.server.TestTokens;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin HTTP API of a started server over real HTTP, answers as they come (errors
 * included), for the tests that check what a caller sees.
 */
final class AdminClient {

	static final String YAML = "application/yaml";

	static final String PROPERTIES = "text/plain";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	// reads what a server with raised limits answers: Jackson refuses names over 50 000 characters by default
	private static final ObjectMapper JSON = JsonMapper
		.builder(JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNameLength(Integer.MAX_VALUE).build())
			.build())
		.build();

	private final int port;

	AdminClient(int port) {
		this.port = port;
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	HttpResponse<String> put(String path, String contentType, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", contentType)
			.PUT(BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request);
	}

	HttpResponse<String> post(String path, String json) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
	}

	HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return HTTP.send(
					request.header("Authorization", TestTokens.adminBearer()).timeout(Duration.ofSeconds(10)).build(),
					BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	void assertNothingStored(String path) {
		assertThat(get(path).statusCode()).isEqualTo(404);
		assertThat(json(get(path + "/releases"))).isEmpty();
	}

	long currentVersion(String path) {
		return json(get(path)).get("version").asLong();
	}

	@SuppressWarnings("unchecked")
	Map<String, String> properties(String path) {
		return JSON.convertValue(json(get(path)).get("properties"), Map.class);
	}

	static JsonNode json(HttpResponse<String> response) {
		return json(response.body());
	}

	static JsonNode json(String body) {
		try {
			return JSON.readTree(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("not JSON: " + body, ex);
		}
	}

	/** The {@code error} of a JSON error answer. */
	static String error(HttpResponse<String> response) {
		return json(response).get("error").asText();
	}

}
