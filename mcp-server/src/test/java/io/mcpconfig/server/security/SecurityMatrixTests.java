package io.mcpconfig.server.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1alpha.ServerReflectionGrpc;
import io.grpc.reflection.v1alpha.ServerReflectionRequest;
import io.grpc.reflection.v1alpha.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import io.mcpconfig.protocol.v1.ConfigServiceGrpc;
import io.mcpconfig.protocol.v1.FetchRequest;
import io.mcpconfig.protocol.v1.InstanceInfo;
import io.mcpconfig.protocol.v1.Target;
import io.mcpconfig.server.TestTokens;
import io.mcpconfig.server.sync.GrpcServerPort;
import io.mcpconfig.server.sync.SyncClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Every admin endpoint and RPC against every kind of caller: no token, a token that does
 * not exist, a revoked one, one whose role does not allow the call, one whose scope does
 * not cover the target, and the right one. Tokens are made through the API, as an operator
 * makes them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "mcp.server.security.refresh-interval=200ms" })
@Import(GrpcServerPort.class)
@DirtiesContext
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityMatrixTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(DEADLINE).build();

	private static final ObjectMapper JSON = new ObjectMapper();

	// not @TempDir: with one instance per class, Spring starts the center before JUnit fills static @TempDir fields
	private static final Path dataDir = temporaryDirectory();

	@DynamicPropertySource
	static void dataDir(DynamicPropertyRegistry registry) {
		registry.add("mcp.server.file.dir", () -> dataDir.toString());
	}

	@LocalServerPort
	int port;

	@Autowired
	GrpcServerPort grpcPort;

	private final Map<Caller, String> secrets = new java.util.EnumMap<>(Caller.class);

	private final List<ManagedChannel> channels = new ArrayList<>();

	/** Who calls, for a call that needs a given role on orders/dev. */
	enum Caller {

		NONE, UNKNOWN, REVOKED, ADMIN, PUBLISHER, READER, CLIENT, OTHER_PUBLISHER, OTHER_READER, OTHER_CLIENT

	}

	@BeforeAll
	void tokensAndReleases() throws Exception {
		this.secrets.put(Caller.ADMIN, TestTokens.ADMIN);
		this.secrets.put(Caller.UNKNOWN, "mcp_not-a-token-of-this-center-000000000000000");
		this.secrets.put(Caller.PUBLISHER, create("publisher", "[\"orders\"]", "[\"dev\", \"qa\"]", "pub"));
		this.secrets.put(Caller.READER, create("reader", "[\"ord*\"]", "[\"dev\"]", "read"));
		this.secrets.put(Caller.CLIENT, create("client", "[\"orders\"]", "[\"*\"]", "cli"));
		this.secrets.put(Caller.OTHER_PUBLISHER, create("publisher", "[\"payments\"]", "[\"*\"]", "pub-payments"));
		this.secrets.put(Caller.OTHER_READER, create("reader", "[\"orders\"]", "[\"prod\"]", "read-prod"));
		this.secrets.put(Caller.OTHER_CLIENT, create("client", "[\"orders-*\"]", "[\"dev\"]", "cli-other"));
		this.secrets.put(Caller.REVOKED, create("admin", null, null, "gone"));
		assertThat(call("DELETE", "/api/v1/tokens/gone", null, TestTokens.ADMIN).statusCode()).isEqualTo(204);
		assertThat(call("PUT", "/api/v1/configs/orders/dev", "a: 1\n", TestTokens.ADMIN).statusCode()).isEqualTo(201);
		assertThat(call("PUT", "/api/v1/configs/orders/dev", "a: 2\n", TestTokens.ADMIN).statusCode()).isEqualTo(200);
	}

	@AfterAll
	void closeChannels() throws java.io.IOException {
		this.channels.forEach(ManagedChannel::shutdownNow);
		org.springframework.util.FileSystemUtils.deleteRecursively(dataDir);
	}

	private static Path temporaryDirectory() {
		try {
			return Files.createTempDirectory("mcp-security-matrix");
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** method, path, body, who may, everyone else's answer is derived from the caller. */
	static Stream<Arguments> httpMatrix() {
		List<Arguments> rows = new ArrayList<>();
		String read = "/api/v1/configs/orders/dev";
		String[][] endpoints = {
				// method, path, body, permission
				{ "GET", read, null, "READ" }, { "GET", read + "/releases", null, "READ" },
				{ "GET", read + "/releases/1", null, "READ" }, { "GET", read + "/instances", null, "READ" },
				{ "GET", read + "/diff?from=1", null, "READ" },
				{ "PUT", read, "a: 3\n", "PUBLISH" }, { "PUT", read + "?dryRun=true", "a: 9\n", "READ" }, { "POST", read + "/rollback", "{\"toVersion\": 1}", "PUBLISH" },
				{ "GET", read + "/overlays", null, "READ" }, { "PUT", read + "/overlays/eu?selector=region=eu", "a: 4\n", "PUBLISH" },
				{ "DELETE", read + "/overlays/nobody", null, "PUBLISH" },
				{ "PUT", read + "/gray?instances=i-1", "a: 5\n", "PUBLISH" },
				{ "GET", "/api/v1/tokens", null, "ADMINISTER" },
				{ "POST", "/api/v1/tokens", "{\"name\": \"t-%s\", \"role\": \"reader\", \"apps\": [\"a\"], \"envs\": [\"b\"]}",
						"ADMINISTER" },
				{ "DELETE", "/api/v1/tokens/nobody", null, "ADMINISTER" },
				{ "GET", "/actuator/metrics", null, "ADMINISTER" }, { "GET", "/actuator/info", null, "ADMINISTER" } };
		for (String[] endpoint : endpoints) {
			for (Caller caller : Caller.values()) {
				rows.add(Arguments.of(endpoint[0], endpoint[1], endpoint[2], Permission.valueOf(endpoint[3]), caller));
			}
		}
		return rows.stream();
	}

	@ParameterizedTest(name = "{0} {1} as {4}")
	@MethodSource("httpMatrix")
	void everyAdminEndpointAnswersEachCallerAsItsRoleAndScopeSay(String method, String path, String body,
			Permission needed, Caller caller) throws Exception {
		String secret = this.secrets.get(caller);
		String filledBody = (body != null) ? body.formatted(caller.name().toLowerCase() + System.nanoTime()) : null;
		HttpResponse<String> response = call(method, path, filledBody, secret);

		int expected = switch (caller) {
			case NONE, UNKNOWN, REVOKED -> 401;
			case ADMIN -> -1;
			case PUBLISHER -> (needed == Permission.READ || needed == Permission.PUBLISH) ? -1 : 403;
			case READER -> (needed == Permission.READ) ? -1 : 403;
			case OTHER_PUBLISHER, OTHER_READER, OTHER_CLIENT, CLIENT -> 403;
		};
		if (expected == -1) {
			assertThat(response.statusCode()).as(response.body()).isIn(200, 201, 204, 404);
			if (!path.endsWith("/nobody")) {
				assertThat(response.statusCode()).as(response.body()).isNotEqualTo(404);
			}
		}
		else {
			assertThat(response.statusCode()).as(response.body()).isEqualTo(expected);
			assertThat(JSON.readTree(response.body()).path("error").asText()).isNotBlank();
		}
		if (expected == 401) {
			assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"mcp\"");
		}
	}

	@Test
	void theTargetListShowsEachCallerOnlyTheTargetsItMayRead() throws Exception {
		call("PUT", "/api/v1/configs/payments/dev", "p: 1\n", TestTokens.ADMIN);
		assertThat(call("GET", "/api/v1/configs", null, null).statusCode()).isEqualTo(401);
		assertThat(targets(TestTokens.ADMIN)).contains("orders/dev", "payments/dev");
		assertThat(targets(this.secrets.get(Caller.READER))).contains("orders/dev").doesNotContain("payments/dev");
		assertThat(targets(this.secrets.get(Caller.OTHER_READER))).isEmpty();
		assertThat(targets(this.secrets.get(Caller.OTHER_PUBLISHER))).containsExactly("payments/dev");
		assertThat(call("GET", "/api/v1/configs", null, this.secrets.get(Caller.CLIENT)).statusCode()).isEqualTo(403);
	}

	private List<String> targets(String secret) throws Exception {
		HttpResponse<String> response = call("GET", "/api/v1/configs", null, secret);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<String> targets = new ArrayList<>();
		JSON.readTree(response.body()).forEach((t) -> targets.add(t.path("app").asText() + "/" + t.path("env").asText()));
		return targets;
	}

	@Test
	void theConsolesFilesAreOpenWithAStrictPolicyAndNothingElseIs() throws Exception {
		for (String file : List.of("/", "/index.html", "/console/app.js", "/console/console.css", "/console/icon.svg")) {
			HttpResponse<String> response = call("GET", file, null, null);
			assertThat(response.statusCode()).as(file).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Security-Policy")).as(file)
				.hasValueSatisfying((policy) -> assertThat(policy).contains("script-src 'self'").doesNotContain("unsafe"));
		}
		assertThat(call("GET", "/console/app.js", null, this.secrets.get(Caller.UNKNOWN)).statusCode()).isEqualTo(200);
		assertThat(call("GET", "/console/missing.js", null, null).statusCode()).isEqualTo(404);
		for (String other : List.of("/console/", "/console/app.js.map", "/console/sub/app.js", "/console/%2e%2e/api/v1/configs",
				"/console/../api/v1/configs", "/favicon.ico", "/api/v1/configs")) {
			assertThat(call("GET", other, null, null).statusCode()).as(other).isIn(400, 401);
		}
		assertThat(call("POST", "/", "{}", null).statusCode()).isEqualTo(401);
		assertThat(call("GET", "/api/v1/configs", null, TestTokens.ADMIN).headers().firstValue("Content-Security-Policy"))
			.isEmpty();
	}

	@Test
	void theEventStreamNeedsATokenThatMayRead() throws Exception {
		assertThat(call("GET", "/api/v1/events", null, null).statusCode()).isEqualTo(401);
		assertThat(call("GET", "/api/v1/events", null, this.secrets.get(Caller.REVOKED)).statusCode()).isEqualTo(401);
		assertThat(call("GET", "/api/v1/events", null, this.secrets.get(Caller.CLIENT)).statusCode()).isEqualTo(403);
	}

	@Test
	void healthIsOpenForProbesWithoutDetailsAndShowsThemToAnAdmin() throws Exception {
		HttpResponse<String> anonymous = call("GET", "/actuator/health", null, null);
		assertThat(anonymous.statusCode()).isEqualTo(200);
		JsonNode open = JSON.readTree(anonymous.body());
		assertThat(open.path("status").asText()).isEqualTo("UP");
		assertThat(open.has("components")).isFalse();
		assertThat(call("GET", "/actuator/health/liveness", null, null).statusCode()).isIn(200, 404);

		JsonNode admin = JSON.readTree(call("GET", "/actuator/health", null, TestTokens.ADMIN).body());
		assertThat(admin.path("components").has("releaseStore")).isTrue();
	}

	@Test
	void unknownPathsNeedATokenToo() throws Exception {
		assertThat(call("GET", "/api/v1/nothing-here", null, null).statusCode()).isEqualTo(401);
		assertThat(call("GET", "/api/v1/nothing-here", null, TestTokens.ADMIN).statusCode()).isEqualTo(404);
	}

	@Test
	void historyNamesTheTokenThatPublishedAsTheAuthor() throws Exception {
		call("PUT", "/api/v1/configs/orders/qa", "x: 1\n", this.secrets.get(Caller.PUBLISHER));
		JsonNode history = JSON.readTree(call("GET", "/api/v1/configs/orders/qa/releases", null, TestTokens.ADMIN).body());
		assertThat(history.get(0).path("author").asText()).isEqualTo("pub");
	}

	@Test
	void tokensAreListedWithoutSecretsAndKeptHashed() throws Exception {
		String list = call("GET", "/api/v1/tokens", null, TestTokens.ADMIN).body();
		String stored = Files.readString(dataDir.resolve("tokens.json"));
		for (Caller caller : List.of(Caller.PUBLISHER, Caller.READER, Caller.CLIENT)) {
			String secret = this.secrets.get(caller);
			assertThat(list).doesNotContain(secret);
			assertThat(stored).doesNotContain(secret).contains(TokenSecret.hash(secret));
		}
		JsonNode tokens = JSON.readTree(list);
		assertThat(tokens.findValuesAsText("name")).contains("admin", "pub", "read", "cli").doesNotContain("gone");
		assertThat(tokens.findValues("token")).isEmpty();
	}

	@Test
	void badTokenRequestsAreRefusedWithTheReason() throws Exception {
		assertThat(error(call("POST", "/api/v1/tokens", "{\"name\": \"x\", \"role\": \"root\"}", TestTokens.ADMIN)))
			.contains("role 'root' is not one of admin, publisher, reader, client");
		// a secret pasted into the wrong field is not repeated back
		String secret = "mcp_" + "S".repeat(43);
		assertThat(error(call("POST", "/api/v1/tokens", "{\"name\": \"x\", \"role\": \"" + secret + "\"}",
				TestTokens.ADMIN)))
			.contains("role (a string of 47 characters) is not one of")
			.doesNotContain(secret);
		assertThat(error(call("POST", "/api/v1/tokens", "{\"name\": \"x\", \"role\": \"client\"}", TestTokens.ADMIN)))
			.contains("a client token needs apps and envs");
		assertThat(error(call("POST", "/api/v1/tokens",
				"{\"name\": \"x\", \"role\": \"client\", \"apps\": [\"a\"], \"envs\": [\"b\"], \"scope\": 1}",
				TestTokens.ADMIN)))
			.contains("unknown field 'scope'");
		assertThat(error(call("POST", "/api/v1/tokens",
				"{\"name\": \"a b\", \"role\": \"client\", \"apps\": [\"a\"], \"envs\": [\"b\"]}", TestTokens.ADMIN)))
			.contains("token name 'a b' is not allowed");
		HttpResponse<String> broken = call("POST", "/api/v1/tokens", "{\"name\": ", TestTokens.ADMIN);
		assertThat(broken.statusCode()).isEqualTo(400);
		assertThat(error(broken)).startsWith("invalid JSON at line 1, column ");
		HttpResponse<String> duplicate = call("POST", "/api/v1/tokens",
				"{\"name\": \"pub\", \"role\": \"reader\", \"apps\": [\"a\"], \"envs\": [\"b\"]}", TestTokens.ADMIN);
		assertThat(duplicate.statusCode()).isEqualTo(409);
	}

	static Stream<Arguments> grpcMatrix() {
		return Stream.of(Arguments.of(Caller.NONE, Status.Code.UNAUTHENTICATED),
				Arguments.of(Caller.UNKNOWN, Status.Code.UNAUTHENTICATED),
				Arguments.of(Caller.REVOKED, Status.Code.UNAUTHENTICATED),
				Arguments.of(Caller.READER, Status.Code.PERMISSION_DENIED),
				Arguments.of(Caller.PUBLISHER, Status.Code.PERMISSION_DENIED),
				Arguments.of(Caller.OTHER_CLIENT, Status.Code.PERMISSION_DENIED),
				Arguments.of(Caller.CLIENT, Status.Code.OK), Arguments.of(Caller.ADMIN, Status.Code.OK));
	}

	@ParameterizedTest(name = "Fetch as {0}: {1}")
	@MethodSource("grpcMatrix")
	void fetchAnswersEachCallerAsItsRoleAndScopeSay(Caller caller, Status.Code expected) {
		ConfigServiceGrpc.ConfigServiceBlockingStub stub = ConfigServiceGrpc.newBlockingStub(channel(caller))
			.withDeadlineAfter(10, TimeUnit.SECONDS);
		FetchRequest request = FetchRequest.newBuilder()
			.setTarget(Target.newBuilder().setApp("orders").setEnv("dev"))
			.setInstance(InstanceInfo.newBuilder().setInstanceId("fetcher"))
			.build();
		if (expected == Status.Code.OK) {
			assertThat(stub.fetch(request).getVersion()).isEqualTo(2);
		}
		else {
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> stub.fetch(request))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(expected));
		}
	}

	@ParameterizedTest(name = "Sync as {0}: {1}")
	@MethodSource("grpcMatrix")
	void syncAnswersEachCallerAsItsRoleAndScopeSay(Caller caller, Status.Code expected) {
		try (SyncClient client = SyncClient.manual(channel(caller))) {
			client.subscribe("orders", "dev", "i-" + caller);
			if (expected == Status.Code.OK) {
				assertThat(client.awaitUpdate(1).getVersion()).isEqualTo(2);
			}
			else {
				assertThat(client.awaitClosed(DEADLINE).getCode()).isEqualTo(expected);
			}
		}
	}

	@Test
	void aRevokedTokensOpenSessionsEndWithinSeconds() throws Exception {
		String secret = create("client", "[\"orders\"]", "[\"dev\"]", "soon-revoked");
		try (SyncClient client = SyncClient.autoAcking(channelWith(secret))) {
			client.subscribe("orders", "dev", "i-revoked");
			await().atMost(DEADLINE).until(() -> client.heldVersion() == 2);

			assertThat(call("DELETE", "/api/v1/tokens/soon-revoked", null, TestTokens.ADMIN).statusCode()).isEqualTo(204);

			Status closed = client.awaitClosed(Duration.ofSeconds(5));
			assertThat(closed.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
			assertThat(closed.getDescription()).contains("soon-revoked", "revoked");
		}
	}

	@Test
	void grpcHealthIsOpenAndReflectionNeedsAToken() throws Exception {
		assertThat(HealthGrpc.newBlockingStub(channel(Caller.NONE))
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.check(HealthCheckRequest.getDefaultInstance())
			.getStatus()).isNotNull();
		assertThat(reflectionStatus(channel(Caller.NONE))).isEqualTo(Status.Code.UNAUTHENTICATED);
		assertThat(reflectionStatus(channel(Caller.CLIENT))).isEqualTo(Status.Code.OK);
	}

	private Status.Code reflectionStatus(ManagedChannel channel) throws InterruptedException {
		java.util.concurrent.CompletableFuture<Status.Code> outcome = new java.util.concurrent.CompletableFuture<>();
		StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
			.withDeadlineAfter(10, TimeUnit.SECONDS)
			.serverReflectionInfo(new StreamObserver<>() {
				@Override
				public void onNext(ServerReflectionResponse value) {
					outcome.complete(Status.Code.OK);
				}

				@Override
				public void onError(Throwable error) {
					outcome.complete(Status.fromThrowable(error).getCode());
				}

				@Override
				public void onCompleted() {
					outcome.complete(Status.Code.OK);
				}
			});
		requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
		try {
			return outcome.get(10, TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
			throw new IllegalStateException(ex);
		}
		finally {
			requests.onCompleted();
		}
	}

	private ManagedChannel channel(Caller caller) {
		String secret = this.secrets.get(caller);
		return (secret != null) ? channelWith(secret) : channelWith(null);
	}

	private ManagedChannel channelWith(String secret) {
		NettyChannelBuilder builder = NettyChannelBuilder.forAddress("127.0.0.1", this.grpcPort.get()).usePlaintext();
		if (secret != null) {
			builder.intercept(TestTokens.sending(secret));
		}
		ManagedChannel channel = builder.build();
		this.channels.add(channel);
		return channel;
	}

	private String create(String role, String apps, String envs, String name) throws Exception {
		String scope = (apps != null) ? ", \"apps\": " + apps + ", \"envs\": " + envs : "";
		HttpResponse<String> response = call("POST", "/api/v1/tokens",
				"{\"name\": \"" + name + "\", \"role\": \"" + role + "\"" + scope + "}", TestTokens.ADMIN);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		return JSON.readTree(response.body()).path("token").asText();
	}

	private static String error(HttpResponse<String> response) throws Exception {
		assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
		return JSON.readTree(response.body()).path("error").asText();
	}

	private HttpResponse<String> call(String method, String path, String body, String secret) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(DEADLINE);
		if (secret != null) {
			request.header("Authorization", TestTokens.bearer(secret));
		}
		if (body != null) {
			request.header("Content-Type", body.startsWith("{") ? "application/json" : "application/yaml");
		}
		request.method(method, (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
		return HTTP.send(request.build(), BodyHandlers.ofString());
	}

}
