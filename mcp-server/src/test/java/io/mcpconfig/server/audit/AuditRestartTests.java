package io.mcpconfig.server.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.server.admin.AdminClient;
import io.mcpconfig.server.admin.RunningServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.mcpconfig.server.admin.AdminClient.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The file store's audit log across a restart of the center, with
 * {@code mcp.server.audit.max-entries=3}.
 */
class AuditRestartTests {

	private static final String MAX_ENTRIES = "mcp.server.audit.max-entries=3";

	@TempDir
	Path dataDir;

	@Test
	void entriesSurviveARestartAndOnlyTheNewestMaxEntriesAreKept() {
		JsonNode beforeRestart;
		try (RunningServer server = RunningServer.start(this.dataDir, MAX_ENTRIES)) {
			AdminClient admin = server.admin();
			admin.put("/api/v1/configs/kept/dev", AdminClient.PROPERTIES, "a=1\n");
			admin.put("/api/v1/configs/kept/dev", AdminClient.PROPERTIES, "a=2\n");
			assertThat(admin.post("/api/v1/tokens",
					"{\"name\": \"kept\", \"role\": \"reader\", \"apps\": [\"kept\"], \"envs\": [\"dev\"]}")
				.statusCode()).isEqualTo(201);
			beforeRestart = json(admin.get("/api/v1/audit"));
			assertThat(actions(beforeRestart)).containsExactly("token-create", "publish@2", "publish@1");
		}

		try (RunningServer server = RunningServer.start(this.dataDir, MAX_ENTRIES)) {
			AdminClient admin = server.admin();
			assertThat(json(admin.get("/api/v1/audit"))).isEqualTo(beforeRestart);

			admin.put("/api/v1/configs/kept/dev", AdminClient.PROPERTIES, "a=3\n");
			admin.put("/api/v1/configs/kept/dev", AdminClient.PROPERTIES, "a=4\n");
			JsonNode trimmed = json(admin.get("/api/v1/audit"));
			assertThat(actions(trimmed)).containsExactly("publish@4", "publish@3", "token-create");
			assertThat(trimmed.get("total").asLong()).isEqualTo(3);
		}
		assertThat(lines(this.dataDir.resolve("audit.jsonl"))).hasSize(3);
	}

	private static List<String> actions(JsonNode page) {
		List<String> actions = new ArrayList<>();
		page.get("entries").forEach((entry) -> actions.add(entry.get("action").asText()
				+ (entry.has("version") ? "@" + entry.get("version").asLong() : "")));
		return actions;
	}

	private static List<String> lines(Path file) {
		try {
			return Files.readAllLines(file);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
