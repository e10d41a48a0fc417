package io.mcpconfig.server.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.mcpconfig.protocol.v1.ConfigServiceGrpc;
import io.mcpconfig.protocol.v1.ConfigSnapshot;
import io.mcpconfig.protocol.v1.FetchRequest;
import io.mcpconfig.protocol.v1.InstanceInfo;
import io.mcpconfig.protocol.v1.Target;
import io.mcpconfig.server.McpServerApplication;
import io.mcpconfig.server.TestTokens;
import io.mcpconfig.server.sync.GrpcServerPort;
import io.mcpconfig.server.sync.SyncClient;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One real server replica: a fresh Spring Boot context of {@link McpServerApplication}
 * with {@code mcp.server.store=etcd}, its own free HTTP and gRPC ports and its own server
 * id, and a gRPC channel to it. Tests talk to it as clients and operators do: admin HTTP
 * and {@code Sync}/{@code Fetch} calls.
 */
final class ServerReplica implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(15);

	private static final ObjectMapper JSON = new ObjectMapper();

	private final String id;

	private final ConfigurableApplicationContext context;

	private final ManagedChannel channel;

	private final List<SyncClient> clients = new ArrayList<>();

	private final List<ManagedChannel> ownChannels = new ArrayList<>();

	private ServerReplica(String id, ConfigurableApplicationContext context) {
		this.id = id;
		this.context = context;
		this.channel = NettyChannelBuilder.forAddress("127.0.0.1", context.getBean(GrpcServerPort.class).get())
			.usePlaintext()
			.intercept(TestTokens.sendingAdmin())
			.build();
	}

	/**
	 * Starts a replica.
	 * @param id its {@code mcp.server.id}
	 * @param etcdEndpoints comma-separated etcd client URLs
	 * @param prefix the etcd key prefix all replicas of the test share
	 * @param settings more {@code name=value} settings
	 */
	static ServerReplica start(String id, List<String> etcdEndpoints, String prefix, String... settings) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--grpc.server.port=0",
				"--mcp.server.store=etcd", "--mcp.server.etcd.endpoints=" + String.join(",", etcdEndpoints),
				"--mcp.server.etcd.prefix=" + prefix, "--mcp.server.id=" + id, "--spring.main.banner-mode=off"));
		for (String setting : settings) {
			args.add("--" + setting);
		}
		return new ServerReplica(id,
				new SpringApplicationBuilder(McpServerApplication.class, GrpcServerPort.class)
					.run(args.toArray(String[]::new)));
	}

	String id() {
		return this.id;
	}

	boolean isRunning() {
		return this.context.isActive();
	}

	/** A client of this replica that applies and acknowledges every update; closed with the replica. */
	SyncClient autoAckingClient() {
		SyncClient client = SyncClient.autoAcking(this.channel);
		this.clients.add(client);
		return client;
	}

	/** A client of this replica that only records what it gets; closed with the replica. */
	SyncClient manualClient() {
		SyncClient client = SyncClient.manual(this.channel);
		this.clients.add(client);
		return client;
	}

	ConfigSnapshot fetch(String app, String env) {
		return ConfigServiceGrpc.newBlockingStub(this.channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.fetch(FetchRequest.newBuilder()
				.setTarget(Target.newBuilder().setApp(app).setEnv(env))
				.setInstance(InstanceInfo.newBuilder().setInstanceId("fetcher"))
				.build());
	}

	/** {@code PUT /api/v1/configs/{app}/{env}} of properties as {@code text/plain}. */
	HttpResponse<String> publish(String app, String env, Map<String, String> properties) {
		return publish(app, env, properties, null);
	}

	/** The same with {@code If-Match: "<ifMatch>"}. */
	HttpResponse<String> publish(String app, String env, Map<String, String> properties, Long ifMatch) {
		String body = properties.entrySet()
			.stream()
			.map((e) -> e.getKey() + "=" + e.getValue())
			.collect(Collectors.joining("\n", "", "\n"));
		HttpRequest.Builder request = request("/api/v1/configs/" + app + "/" + env).header("Content-Type",
				"text/plain")
			.PUT(HttpRequest.BodyPublishers.ofString(body));
		if (ifMatch != null) {
			request.header("If-Match", "\"" + ifMatch + "\"");
		}
		return send(request.build());
	}

	HttpResponse<String> get(String path) {
		return send(request(path).GET().build());
	}

	/** Any call of the admin API with the given token ({@code null}: none), a JSON body or none. */
	HttpResponse<String> call(String method, String path, String jsonBody, String secret) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
			.timeout(HTTP_TIMEOUT)
			.header("Content-Type", "application/json")
			.method(method, (jsonBody != null) ? HttpRequest.BodyPublishers.ofString(jsonBody)
					: HttpRequest.BodyPublishers.noBody());
		if (secret != null) {
			request.header("Authorization", TestTokens.bearer(secret));
		}
		return send(request.build());
	}

	/** A client of this replica that sends the given token and acknowledges every update; closed with the replica. */
	SyncClient autoAckingClient(String secret) {
		ManagedChannel own = NettyChannelBuilder.forAddress("127.0.0.1", this.context.getBean(GrpcServerPort.class).get())
			.usePlaintext()
			.intercept(TestTokens.sending(secret))
			.build();
		this.ownChannels.add(own);
		SyncClient client = SyncClient.autoAcking(own);
		this.clients.add(client);
		return client;
	}

	/** {@code GET .../instances}, which must answer 200. */
	JsonNode instances(String app, String env) {
		HttpResponse<String> response = get("/api/v1/configs/" + app + "/" + env + "/instances");
		if (response.statusCode() != 200) {
			throw new IllegalStateException("instances answered " + response.statusCode() + ": " + response.body());
		}
		return json(response);
	}

	static JsonNode json(HttpResponse<String> response) {
		try {
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("not JSON: " + response.body(), ex);
		}
	}

	private int httpPort() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
			.header("Authorization", TestTokens.adminBearer())
			.timeout(HTTP_TIMEOUT);
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	/** Stops the replica as an operator would: its sessions end, its lease is revoked. */
	@Override
	public void close() throws InterruptedException {
		if (this.context.isActive()) {
			this.context.close();
		}
		this.clients.forEach(SyncClient::close);
		this.channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		for (ManagedChannel own : this.ownChannels) {
			own.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
		}
	}

}
