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
 * included), for the tests that check what a caller sees. It sends the admin token unless
 * made for another ({@link #as(String)}).
 */
public final class AdminClient {

	public static final String YAML = "application/yaml";

	public static final String PROPERTIES = "text/plain";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	// reads what a server with raised limits answers: Jackson refuses names over 50 000 characters by default
	private static final ObjectMapper JSON = JsonMapper
		.builder(JsonFactory.builder()
			.streamReadConstraints(StreamReadConstraints.builder().maxNameLength(Integer.MAX_VALUE).build())
			.build())
		.build();

	private final int port;

	private final String secret;

	public AdminClient(int port) {
		this(port, TestTokens.ADMIN);
	}

	private AdminClient(int port, String secret) {
		this.port = port;
		this.secret = secret;
	}

	/**
	 * A client of the same server that sends another token.
	 * @param secret the token's secret, {@code null} to send none
	 */
	public AdminClient as(String secret) {
		return new AdminClient(this.port, secret);
	}

	public URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	public HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	public HttpResponse<String> put(String path, String contentType, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", contentType)
			.PUT(BodyPublishers.ofString(body, StandardCharsets.UTF_8));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request);
	}

	public HttpResponse<String> post(String path, String json) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
	}

	public HttpResponse<String> delete(String path) {
		return send(HttpRequest.newBuilder(uri(path)).DELETE());
	}

	public HttpResponse<String> send(HttpRequest.Builder request) {
		if (this.secret != null) {
			request.header("Authorization", TestTokens.bearer(this.secret));
		}
		try {
			return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), BodyHandlers.ofString());
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

	public long currentVersion(String path) {
		return json(get(path)).get("version").asLong();
	}

	@SuppressWarnings("unchecked")
	Map<String, String> properties(String path) {
		return JSON.convertValue(json(get(path)).get("properties"), Map.class);
	}

	public static JsonNode json(HttpResponse<String> response) {
		return json(response.body());
	}

	public static JsonNode json(String body) {
		try {
			return JSON.readTree(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("not JSON: " + body, ex);
		}
	}

	/** The {@code error} of a JSON error answer. */
	public static String error(HttpResponse<String> response) {
		return json(response).get("error").asText();
	}

}
