package io.mcpconfig.sample;

import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mcpconfig.testsupport.center.McpServerProcess;
import io.mcpconfig.testsupport.center.ConfigCenterClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault tests with a real center process and the real sample app: the center crashes,
 * releases are published while the app cannot hear them, the center comes back or another
 * one takes over, and the app must end on the last release and say what changed.
 */
class ServerOutageEndToEndTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	@TempDir
	Path work;

	private McpServerProcess first;

	private McpServerProcess second;

	private SampleAppUnderTest app;

	@AfterEach
	void stopAll() {
		if (app != null) {
			app.close();
		}
		for (McpServerProcess server : new McpServerProcess[] { first, second }) {
			if (server != null) {
				server.stop();
			}
		}
	}

	@Test
	void centerKilledMidStreamThenRestartedDeliversWhatWasPublishedMeanwhile() throws Exception {
		first = McpServerProcess.start(work.resolve("center"));
		ConfigCenterClient center = first.admin();
		center.publishYaml("mcp-sample-app", "dev", "sample.greeting: before the crash\n");
		// kept hashed in the data directory: valid for every process that serves it
		String token = center.createToken("sample-app", "client", "mcp-sample-app", "dev");
		app = SampleAppUnderTest.start(first.grpcAddress(), token, work.resolve("snapshots"));
		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("before the crash"));

		first.kill();
		// The app keeps serving what it holds while the center is gone.
		assertThat(app.text("/greeting")).isEqualTo("before the crash");

		// An operator publishes through another center process over the same data while the
		// app's center is down: the app cannot hear of it yet.
		second = McpServerProcess.start(work.resolve("center"));
		long meanwhile = second.admin().publishYaml("mcp-sample-app", "dev", """
				sample:
				  greeting: published while you were away
				  max-connections: 33
				""");
		second.stop();
		second = null;
		assertThat(app.text("/greeting")).isEqualTo("before the crash");

		first.start();
		await().atMost(DEADLINE).untilAsserted(() -> {
			assertThat(app.text("/greeting")).isEqualTo("published while you were away");
			assertThat(app.json("/settings").get("maxConnections").asInt()).isEqualTo(33);
		});
		JsonNode events = app.json("/events");
		JsonNode last = events.get(events.size() - 1);
		assertThat(last.get("newVersion").asLong()).isEqualTo(meanwhile);
		assertThat(last.get("oldVersion").asLong()).isEqualTo(meanwhile - 1);
		assertThat(last.get("changes").findValuesAsText("key")).containsExactly("sample.greeting",
				"sample.max-connections");
	}

	@Test
	void secondAddressTakesOverWhenTheFirstCenterDies() throws Exception {
		first = McpServerProcess.start(work.resolve("a"));
		second = McpServerProcess.start(work.resolve("b"));
		// Two independent centers holding the same release, as replicas would.
		String release = "sample.greeting: from any center\n";
		first.admin().publishYaml("mcp-sample-app", "dev", release);
		second.admin().publishYaml("mcp-sample-app", "dev", release);
		// independent stores share no tokens: the admin token both are configured with
		app = SampleAppUnderTest.start(first.grpcAddress() + "," + second.grpcAddress(), McpServerProcess.ADMIN_TOKEN,
				work.resolve("snapshots"));
		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("from any center"));

		first.kill();
		second.admin().publishYaml("mcp-sample-app", "dev", "sample.greeting: the second center speaks\n");

		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("the second center speaks"));
	}

}
