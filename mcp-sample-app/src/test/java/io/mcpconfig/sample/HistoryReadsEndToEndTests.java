package io.mcpconfig.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpconfig.testsupport.center.ConfigCenterClient;
import io.mcpconfig.testsupport.center.McpServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many full histories of large releases read at once from a center with a small heap. A
 * center that held each history whole ran out of heap (and lost Tomcat's threads to it);
 * this one writes a history out as it reads it, and lets
 * {@code mcp.server.limits.max-concurrent-release-reads} of them in at once.
 */
class HistoryReadsEndToEndTests {

	private static final int RELEASES = 30;

	private static final int READERS = 6;

	/** Four values of 220 000 characters: a release of about 880 KB, near the limits of one publish. */
	private static final String LARGE_VALUES = IntStream.range(0, 4)
		.mapToObj((i) -> "big.v" + i + ": " + Character.toString('a' + i).repeat(220_000) + "\n")
		.reduce("", String::concat);

	private static final ObjectMapper JSON = new ObjectMapper();

	@Test
	void manyFullHistoriesOfLargeReleasesAtOnceNeitherRunTheHeapOutNorComeBackIncomplete(@TempDir Path work)
			throws Exception {
		// 30 releases of 880 KB: one history is larger than this whole heap holds besides the center
		try (McpServerProcess center = McpServerProcess.prepare(work, List.of("-Xmx64m", "-XX:TieredStopAtLevel=1"))) {
			center.start();
			ConfigCenterClient admin = center.admin();
			for (int n = 1; n <= RELEASES; n++) {
				admin.publishYaml("big", "dev", "n: " + n + "\n" + LARGE_VALUES);
			}
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
			HttpRequest history = HttpRequest
				.newBuilder(URI.create(center.httpUrl() + "/api/v1/configs/big/dev/releases?limit=" + RELEASES))
				.header("Authorization", "Bearer " + McpServerProcess.ADMIN_TOKEN)
				.timeout(Duration.ofSeconds(60))
				.build();
			List<CompletableFuture<HttpResponse<String>>> reads = IntStream.range(0, READERS)
				.mapToObj((i) -> http.sendAsync(history, BodyHandlers.ofString()))
				.toList();
			CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
			for (CompletableFuture<HttpResponse<String>> read : reads) {
				HttpResponse<String> answer = read.get();
				// beyond the places, or beyond the one token's half of them
				if (answer.statusCode() == 503 || answer.statusCode() == 429) {
					assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
					assertThat(answer.body()).contains("mcp.server.limits.max-concurrent-release-reads");
					// tried again once the others are answered, it is answered whole
					answer = http.send(history, BodyHandlers.ofString());
				}
				assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
				assertWhole(JSON.readTree(answer.body()));
			}
			assertThat(center.log()).doesNotContain("OutOfMemoryError");
			assertThat(center.isAlive()).isTrue();
			assertThat(admin.get("/api/v1/configs/big/dev").get("properties").get("n").asText())
				.isEqualTo(String.valueOf(RELEASES));
		}
	}

	private static void assertWhole(JsonNode history) {
		assertThat(history).hasSize(RELEASES);
		for (int i = 0; i < RELEASES; i++) {
			JsonNode properties = history.get(i).get("properties");
			assertThat(properties.get("n").asText()).isEqualTo(String.valueOf(RELEASES - i));
			assertThat(properties.get("big.v3").asText()).hasSize(220_000);
		}
	}

}
