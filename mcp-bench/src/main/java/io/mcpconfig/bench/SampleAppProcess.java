package io.mcpconfig.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.mcpconfig.protocol.ListenPorts;
import io.mcpconfig.testsupport.chaos.SoakApp;
import io.mcpconfig.testsupport.process.JavaCommand;

import static org.awaitility.Awaitility.await;

/**
 * The sample app in a JVM of its own, from its runnable jar, for the long soak: the
 * coordinator's JVM already holds hundreds of clients, and an app of its own is an app as
 * deployed. A shutdown hook kills it if the coordinator dies first.
 */
final class SampleAppProcess implements SoakApp {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private final Process process;

	private final String baseUrl;

	private final Thread orphanGuard;

	private SampleAppProcess(Process process, String baseUrl) {
		this.process = process;
		this.baseUrl = baseUrl;
		this.orphanGuard = new Thread(process::destroyForcibly, "sample-app-orphan-guard");
		Runtime.getRuntime().addShutdownHook(this.orphanGuard);
	}

	/** A {@link SoakApp.Launcher} of processes from {@code jar}. */
	static SoakApp.Launcher launcher(Path jar) {
		return (instanceId, addresses, token, env, workDir) -> start(jar, instanceId, addresses, token, env, workDir);
	}

	private static SampleAppProcess start(Path jar, String instanceId, String addresses, String token, String env,
			Path workDir) throws IOException {
		int port = ListenPorts.free();
		List<String> command = new ArrayList<>(List.of(JavaCommand.path(),
				"-Xmx256m", "-jar", jar.toString(), "--server.port=" + port,
				"--mcp.client.server-addresses=" + addresses, "--mcp.client.token=" + token,
				"--mcp.client.env=" + env, "--mcp.client.instance-id=" + instanceId,
				"--mcp.client.snapshot-dir=" + workDir.resolve("snapshots"), "--mcp.client.heartbeat-interval=1s",
				"--mcp.client.reconnect.initial-backoff=200ms", "--mcp.client.reconnect.max-backoff=1s"));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve(instanceId + ".log").toFile()))
			.start();
		SampleAppProcess app = new SampleAppProcess(process, "http://127.0.0.1:" + port);
		try {
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
			await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptionsInstanceOf(IOException.class).until(() -> {
				if (!process.isAlive()) {
					throw new IllegalStateException(instanceId + " exited with " + process.exitValue());
				}
				return http.send(HttpRequest.newBuilder(URI.create(app.baseUrl + "/actuator/health"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
			});
			return app;
		}
		catch (RuntimeException ex) {
			app.close();
			throw ex;
		}
	}

	@Override
	public String baseUrl() {
		return this.baseUrl;
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.orphanGuard);
		}
		catch (IllegalStateException ex) {
			// the JVM is shutting down: the guard runs anyway
		}
	}

}
