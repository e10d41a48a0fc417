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
import java.util.UUID;

import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.protocol.ListenPorts;
import io.mcpconfig.server.McpServerApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One center in this JVM: {@link McpServerApplication} on free loopback ports and one
 * store, reached as clients and operators reach it (gRPC address, admin HTTP API), with
 * {@link PublishReceipts} stamping when each publish arrives.
 */
final class Center implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

	/** The admin token the benchmark's centers start with; its clients send it too. */
	static final String TOKEN = "bench-" + UUID.randomUUID();

	private final Store store;

	private final ConfigurableApplicationContext context;

	private final int httpPort;

	private final int grpcPort;

	private Center(Store store, ConfigurableApplicationContext context, int httpPort, int grpcPort) {
		this.store = store;
		this.context = context;
		this.httpPort = httpPort;
		this.grpcPort = grpcPort;
	}

	/** A center on the file store in {@code dir}. */
	static Center onFiles(Path dir) throws IOException {
		return start(Store.FILE, "--mcp.server.file.dir=" + dir);
	}

	/** A center on the etcd store, its keys under {@code prefix}. */
	static Center onEtcd(List<String> endpoints, String prefix) throws IOException {
		return start(Store.ETCD, "--mcp.server.etcd.endpoints=" + String.join(",", endpoints),
				"--mcp.server.etcd.prefix=" + prefix);
	}

	private static Center start(Store store, String... storeArgs) throws IOException {
		int httpPort = ListenPorts.free();
		int grpcPort = ListenPorts.free();
		List<String> args = new ArrayList<>(List.of("--server.port=" + httpPort, "--grpc.server.port=" + grpcPort,
				"--grpc.server.address=127.0.0.1", "--mcp.server.store=" + store.label(),
				"--logging.level.root=WARN", "--spring.main.banner-mode=off",
				// the client is on this classpath too; the center itself reads no config from a center
				"--mcp.client.enabled=false", "--mcp.server.security.admin-token=" + TOKEN));
		args.addAll(List.of(storeArgs));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(McpServerApplication.class,
				PublishReceipts.class)
			.run(args.toArray(String[]::new));
		return new Center(store, context, httpPort, grpcPort);
	}

	Store store() {
		return this.store;
	}

	/** A bean of the center's application context, such as its {@code ReleaseStore}. */
	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	/** {@link System#nanoTime()} when the center received the last publish ({@link PublishReceipts}). */
	long lastPublishReceivedNanos() {
		return bean(PublishReceipts.class).lastReceivedNanos();
	}

	/** Where clients subscribe, as {@code mcp.client.server-addresses} lists it. */
	String grpcAddress() {
		return "127.0.0.1:" + this.grpcPort;
	}

	/** The version of the target's current release; 0 when it has none yet. */
	long currentVersion(ConfigTarget target) throws IOException, InterruptedException {
		HttpResponse<String> response = HTTP.send(request(target).GET().build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() == 404) {
			return 0;
		}
		if (response.statusCode() != 200) {
			throw new IllegalStateException(this.store.label() + " center: reading " + target + " answered "
					+ response.statusCode() + " " + response.body());
		}
		String eTag = response.headers()
			.firstValue("ETag")
			.orElseThrow(() -> new IllegalStateException(this.store.label() + " center sent no ETag for " + target));
		return Long.parseLong(eTag.replace("\"", ""));
	}

	/** {@code PUT} of a properties body; fails unless the center answers 2xx. */
	void publish(ConfigTarget target, String properties) throws IOException, InterruptedException {
		HttpResponse<String> response = HTTP.send(request(target).header("Content-Type", "text/plain")
			.PUT(HttpRequest.BodyPublishers.ofString(properties))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException(this.store.label() + " center: publish to " + target + " failed: "
					+ response.statusCode() + " " + response.body());
		}
	}

	private HttpRequest.Builder request(ConfigTarget target) {
		return HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/api/v1/configs/" + target.app() + "/"
					+ target.env()))
			.header("Authorization", "Bearer " + TOKEN)
			.timeout(HTTP_TIMEOUT);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
