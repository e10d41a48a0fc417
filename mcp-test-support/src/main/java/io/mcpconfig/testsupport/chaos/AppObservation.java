package io.mcpconfig.testsupport.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one {@link SoakApp} holds ({@code /actuator/mcp}) and which changes it applied
 * ({@code /events}, oldest first; the app keeps its last 500).
 *
 * @param name the app's instance id
 * @param version held
 * @param checksum held
 * @param changes each {@code ConfigChangeEvent}'s old and new version
 */
record AppObservation(String name, long version, String checksum, List<Change> changes) {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	static AppObservation read(String name, String baseUrl, HttpClient http) {
		JsonNode held = get(http, baseUrl + "/actuator/mcp");
		List<Change> changes = new ArrayList<>();
		for (JsonNode event : get(http, baseUrl + "/events")) {
			changes.add(new Change(event.get("oldVersion").asLong(), event.get("newVersion").asLong()));
		}
		return new AppObservation(name, held.get("version").asLong(), held.get("checksum").asText(), changes);
	}

	private static JsonNode get(HttpClient http, String url) {
		try {
			HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("HTTP " + response.statusCode() + " from " + url);
			}
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException("GET " + url + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** One applied change: from {@code oldVersion} to {@code newVersion}. */
	record Change(long oldVersion, long newVersion) {
	}

}
