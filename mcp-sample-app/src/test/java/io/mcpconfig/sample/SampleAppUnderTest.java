package io.mcpconfig.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample app in this JVM, on a random port, talking to a real config center: a fresh
 * context per start (net.devh and our own JVM-wide state must not leak between tests).
 */
final class SampleAppUnderTest implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ConfigurableApplicationContext context;

	private final String baseUrl;

	private SampleAppUnderTest(ConfigurableApplicationContext context) {
		this.context = context;
		this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
	}

	static SampleAppUnderTest start(String serverAddresses, String token, Path snapshotDir, String... extraArgs) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--mcp.client.server-addresses=" + serverAddresses,
				"--mcp.client.token=" + token,
				"--mcp.client.snapshot-dir=" + snapshotDir, "--mcp.client.heartbeat-interval=1s",
				"--mcp.client.reconnect.initial-backoff=200ms", "--mcp.client.reconnect.max-backoff=1s"));
		args.addAll(List.of(extraArgs));
		return new SampleAppUnderTest(
				new SpringApplicationBuilder(SampleApplication.class).run(args.toArray(String[]::new)));
	}

	String baseUrl() {
		return baseUrl;
	}

	String text(String path) {
		return call(path).body();
	}

	JsonNode json(String path) {
		try {
			return JSON.readTree(call(path).body());
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private HttpResponse<String> call(String path) {
		try {
			return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("GET " + path + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	ConfigurableApplicationContext context() {
		return context;
	}

	@Override
	public void close() {
		context.close();
	}

}
