package io.mcpconfig.compat.orders;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.core.env.Environment;

/**
 * The running service as its callers reach it: plain HTTP on the port it listens on,
 * JSON read with Jackson 2 (a test dependency on every Boot line).
 */
final class OrdersHttp {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final String baseUrl;

	/** The service whose context runs in {@code environment}. */
	OrdersHttp(Environment environment) {
		this.baseUrl = "http://127.0.0.1:" + environment.getRequiredProperty("local.server.port");
	}

	HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET());
	}

	/** The JSON body of a {@code GET} that must answer 200. */
	JsonNode json(String path) {
		return read(expectOk(get(path)));
	}

	/** The body of a {@code GET} that must answer 200. */
	String text(String path) {
		return expectOk(get(path)).body();
	}

	HttpResponse<String> post(String path, String json) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json)));
	}

	static JsonNode read(HttpResponse<String> response) {
		try {
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("not JSON from " + response.uri() + ": " + response.body(), ex);
		}
	}

	private static HttpResponse<String> expectOk(HttpResponse<String> response) {
		if (response.statusCode() != 200) {
			throw new AssertionError(
					"HTTP " + response.statusCode() + " from " + response.uri() + ": " + response.body());
		}
		return response;
	}

	private URI uri(String path) {
		return URI.create(baseUrl + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(request.build().method() + " " + request.build().uri() + " failed: " + ex,
					ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
