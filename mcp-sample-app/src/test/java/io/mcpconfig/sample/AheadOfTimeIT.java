package io.mcpconfig.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.mcpconfig.protocol.ListenPorts;
import io.mcpconfig.testsupport.center.ConfigCenterClient;
import io.mcpconfig.testsupport.center.McpServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app as its jar is built, started from the code Spring AOT generated for it
 * ({@code process-aot} runs in its build), as an application deployed with AOT on the JVM
 * starts: against a real center, its {@code @RefreshScope} bean, {@code @Value} field and
 * {@code @ConfigurationProperties} bean take a publish live.
 */
class AheadOfTimeIT {

	private static final Duration DEADLINE = Duration.ofSeconds(60);

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	Path work;

	@Test
	void theSampleAppStartedFromItsAheadOfTimeCodeTakesAPublishLive() throws Exception {
		try (McpServerProcess server = McpServerProcess.start(this.work.resolve("server"))) {
			ConfigCenterClient center = server.admin();
			center.publishYaml("mcp-sample-app", "dev", "sample:\n  greeting: before\n  max-connections: 7\n");
			String token = center.createToken("sample-app", "client", "mcp-sample-app", "dev");
			int port = ListenPorts.free();
			Path log = this.work.resolve("app.log");
			List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
				.toString(), "-Dspring.aot.enabled=true"));
			command.addAll(McpServerProcess.TEST_JVM_OPTIONS);
			command.addAll(List.of("-jar", System.getProperty("sample.jar"), "--server.port=" + port,
					"--mcp.client.server-addresses=" + server.grpcAddress(), "--mcp.client.token=" + token,
					"--mcp.client.snapshot-dir=" + this.work.resolve("snapshots")));
			Process app = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
			try {
				String base = "http://127.0.0.1:" + port;
				await().atMost(DEADLINE).ignoreExceptions().until(() -> "before".equals(get(base + "/greeting")));
				assertThat(Files.readString(log)).contains("Starting AOT-processed SampleApplication");

				center.publishYaml("mcp-sample-app", "dev", "sample:\n  greeting: after\n  max-connections: 8\n");
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					assertThat(get(base + "/greeting")).isEqualTo("after");
					assertThat(get(base + "/value")).isEqualTo("after");
					assertThat(get(base + "/settings")).contains("\"greeting\":\"after\"", "\"maxConnections\":8");
				});
			}
			finally {
				app.destroy();
				if (!app.waitFor(10, TimeUnit.SECONDS)) {
					app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
		}
	}

	private String get(String url) throws IOException, InterruptedException {
		return this.http
			.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
