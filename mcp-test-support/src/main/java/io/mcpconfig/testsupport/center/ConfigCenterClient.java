package io.mcpconfig.testsupport.center;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The admin HTTP API as an operator uses it: plain HTTP, a bearer token, YAML in, JSON out. */
public final class ConfigCenterClient {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String baseUrl;

	private final String token;

	/**
	 * A client of a center's admin API.
	 * @param baseUrl {@code http://host:port}
	 * @param token the bearer token it sends
	 */
	public ConfigCenterClient(String baseUrl, String token) {
		this.baseUrl = baseUrl;
		this.token = token;
	}

	/**
	 * Creates a token and answers its secret.
	 * @param name its name
	 * @param role {@code client}, {@code reader}, {@code publisher} or {@code admin}
	 * @param app the one app it may use ({@code *} for all)
	 * @param env the one env it may use ({@code *} for all)
	 * @return the secret
	 */
	public String createToken(String name, String role, String app, String env) {
		String body = "{\"name\": \"" + name + "\", \"role\": \"" + role + "\", \"apps\": [\"" + app
				+ "\"], \"envs\": [\"" + env + "\"]}";
		return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/tokens"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)), 201).get("token").asText();
	}

	/** Publishes YAML and answers the release's version. */
	public long publishYaml(String app, String env, String yaml) {
		JsonNode release = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/configs/" + app + "/" + env))
			.header("Content-Type", "application/yaml")
			.PUT(HttpRequest.BodyPublishers.ofString(yaml)), 200);
		return release.get("version").asLong();
	}

	/**
	 * Publishes YAML and answers whatever the center answered, a refusal included; only a
	 * call that got no answer (refused connection, timeout) throws.
	 */
	public Answer tryPublishYaml(String app, String env, String yaml) {
		return putYaml("/api/v1/configs/" + app + "/" + env, yaml);
	}

	/**
	 * PUTs a YAML body (an overlay, a gray patch) and answers whatever the center answered.
	 * @param path the path and query, e.g. {@code /api/v1/configs/a/dev/gray?percentage=10}
	 * @param headers header names and values, alternating (e.g. {@code "If-Match", "\"3\""})
	 */
	public Answer putYaml(String path, String yaml, String... headers) {
		return answer(request(path, headers).header("Content-Type", "application/yaml")
			.PUT(HttpRequest.BodyPublishers.ofString(yaml)));
	}

	/**
	 * Imports a Spring Cloud Config repository into an env and answers whatever the center
	 * answered.
	 * @param files each file's path and content
	 */
	public Answer importRepository(String env, Map<String, String> files) {
		return answer(request("/api/v1/import?env=" + env).header("Content-Type", "application/zip")
			.POST(HttpRequest.BodyPublishers.ofByteArray(RepositoryZip.of(files))));
	}

	/** POSTs with no body (promote a gray) and answers whatever the center answered. */
	public Answer post(String path, String... headers) {
		return answer(request(path, headers).POST(HttpRequest.BodyPublishers.noBody()));
	}

	/** DELETEs (an overlay, a gray) and answers whatever the center answered. */
	public Answer delete(String path, String... headers) {
		return answer(request(path, headers).DELETE());
	}

	/** GETs and answers whatever the center answered, a 404 included. */
	public Answer tryGet(String path) {
		return answer(request(path).GET());
	}

	public JsonNode get(String path) {
		return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), 200);
	}

	private HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
		return (headers.length > 0) ? request.headers(headers) : request;
	}

	private Answer answer(HttpRequest.Builder request) {
		HttpResponse<String> response = exchange(request);
		JsonNode body;
		try {
			body = JSON.readTree(response.body());
		}
		catch (IOException ex) {
			body = JSON.getNodeFactory().textNode(response.body());
		}
		return new Answer(response.statusCode(), body);
	}

	private JsonNode send(HttpRequest.Builder request, int expectedStatus) {
		HttpResponse<String> response = exchange(request);
		if (response.statusCode() / 100 != expectedStatus / 100) {
			throw new IllegalStateException(
					"HTTP " + response.statusCode() + " from " + response.uri() + ": " + response.body());
		}
		try {
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("not JSON from " + response.uri() + ": " + response.body(), ex);
		}
	}

	private HttpResponse<String> exchange(HttpRequest.Builder request) {
		try {
			return http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException("admin API call failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	/**
	 * What the center answered.
	 * @param status the HTTP status
	 * @param body the JSON body (a text node when it was not JSON)
	 */
	public record Answer(int status, JsonNode body) {

		public boolean isSuccess() {
			return status / 100 == 2;
		}

	}

}
