package io.mcpconfig.server.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.mcpconfig.server.McpServerApplication;
import io.mcpconfig.server.TestTokens;
import io.mcpconfig.server.release.InvalidTargetException;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.ReleaseStore;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random requests against the admin API of a real center, as an attacker or a broken
 * script sends them: odd names and encodings, wrong methods and media types, bodies of
 * every shape. Whatever comes in, the answer is never a 5xx, and a refused publish or
 * rollback stores nothing.
 */
class AdminApiFuzzTests {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static Path dataDir;

	private static ConfigurableApplicationContext center;

	private static String baseUrl;

	@BeforeContainer
	static void start() throws Exception {
		dataDir = Files.createTempDirectory("mcp-fuzz");
		center = new SpringApplicationBuilder(McpServerApplication.class).run("--server.port=0", "--grpc.server.port=0",
				"--mcp.server.file.dir=" + dataDir, "--spring.main.banner-mode=off", "--logging.level.root=WARN");
		baseUrl = "http://127.0.0.1:" + center.getEnvironment().getProperty("local.server.port");
		// a target with history, for rollbacks and If-Match to hit something real
		send("PUT", "/api/v1/configs/orders/dev", "application/yaml", "a: 1\n".getBytes(StandardCharsets.UTF_8),
				null);
		send("PUT", "/api/v1/configs/orders/dev", "application/yaml", "a: 2\nb: x\n".getBytes(StandardCharsets.UTF_8),
				null);
	}

	@AfterContainer
	static void stop() throws Exception {
		if (center != null) {
			center.close();
		}
		FileSystemUtils.deleteRecursively(dataDir);
	}

	@Property(tries = 400, seed = "20261201")
	void neverA5xxAndNothingStoredOnARefusal(@ForAll("requests") FuzzRequest request) throws Exception {
		Optional<Target> target = request.target();
		long before = target.map(AdminApiFuzzTests::currentVersion).orElse(0L);

		HttpResponse<String> response = send(request.method(), request.path(), request.contentType(), request.body(),
				request.ifMatch());

		assertThat(response.statusCode()).as("%s %s -> %s", request.method(), request.path(), response.body())
			.isLessThan(500);
		assertThat(response.body()).doesNotContain("Exception", "at io.", "at org.", "<html");
		if (response.statusCode() >= 400 && target.isPresent() && !request.method().equals("GET")) {
			assertThat(currentVersion(target.get())).as("a refused %s stored something", request).isEqualTo(before);
		}
	}

	@Provide
	Arbitrary<FuzzRequest> requests() {
		Arbitrary<String> method = Arbitraries.of("GET", "PUT", "POST", "DELETE", "PATCH");
		Arbitrary<String> name = Arbitraries.oneOf(Arbitraries.of("orders", "dev", "a", "x.y", "-", "_"),
				Arbitraries.strings().ofMinLength(0).ofMaxLength(12),
				Arbitraries.of("..", ".", "a;b", "%2F", "%5C", "%00", "a%20b", "%E2%80%AE", "a/b", "x".repeat(200)));
		Arbitrary<String> tail = Arbitraries.of("", "/releases", "/releases/1", "/releases/-1", "/releases/99999999999",
				"/releases/abc", "/rollback", "/instances", "/x", "?limit=0", "?limit=abc", "?comment=%00",
				"/releases?limit=3", "/diff?from=1", "/diff?from=abc&to=1", "/diff");
		Arbitrary<String> path = Combinators.combine(name, name, tail)
			.as((app, env, rest) -> "/api/v1/configs/" + app + "/" + env + rest);
		Arbitrary<String> contentType = Arbitraries.of("application/yaml", "text/plain", "application/json",
				"application/x-www-form-urlencoded", "text/yaml; charset=foo", "application/octet-stream", null);
		Arbitrary<byte[]> body = Arbitraries.oneOf(
				Arbitraries.of("a: 1\n", "a:\n  b: [1, 2]\n", "{\"toVersion\": 1}", "{\"toVersion\": 1.5}",
						"{\"toVersion\": \"x\"}", "- 1\n- 2\n", "a: &x [1]\nb: *x\n", "~: 1\n", "? [a]\n: 1\n",
						"a=1\nb\\\n", "---\na: 1\n---\nb: 2\n", "a: !!binary AAAA\n", "", "{", "null")
					.map((text) -> text.getBytes(StandardCharsets.UTF_8)),
				Arbitraries.strings().ofMaxLength(200).map((text) -> text.getBytes(StandardCharsets.UTF_8)),
				Arbitraries.bytes().array(byte[].class).ofMaxSize(200));
		Arbitrary<String> ifMatch = Arbitraries.of(null, "\"1\"", "\"2\"", "2", "\"x\"", "*", "\"99999999999999999999\"");
		return Combinators.combine(method, path, contentType, body, ifMatch).as(FuzzRequest::new);
	}

	private static long currentVersion(Target target) {
		return center.getBean(ReleaseStore.class).current(target).map(Release::version).orElse(0L);
	}

	private static HttpResponse<String> send(String method, String path, String contentType, byte[] body,
			String ifMatch) throws Exception {
		HttpRequest.Builder request;
		try {
			request = HttpRequest.newBuilder(URI.create(baseUrl + path));
		}
		catch (IllegalArgumentException ex) {
			// a URI the client cannot even send; what Tomcat does with such bytes is tested raw elsewhere
			return new RefusedLocally();
		}
		request.header("Authorization", TestTokens.adminBearer()).timeout(Duration.ofSeconds(10));
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (ifMatch != null) {
			request.header("If-Match", ifMatch);
		}
		request.method(method, (body.length > 0) ? BodyPublishers.ofByteArray(body) : BodyPublishers.noBody());
		return HTTP.send(request.build(), BodyHandlers.ofString());
	}

	/**
	 * One generated request.
	 */
	record FuzzRequest(String method, String path, String contentType, byte[] body, String ifMatch) {

		/** The target the path names, when it names a valid one. */
		Optional<Target> target() {
			String[] segments = this.path.split("[/?]");
			if (segments.length < 6) {
				return Optional.empty();
			}
			try {
				return Optional.of(new Target(segments[4], segments[5]));
			}
			catch (InvalidTargetException ex) {
				return Optional.empty();
			}
		}

		@Override
		public String toString() {
			return this.method + " " + this.path + " (" + this.contentType + ", If-Match " + this.ifMatch + ", "
					+ this.body.length + " bytes)";
		}

	}

	/** The answer for a request the HTTP client refuses to send. */
	private static final class RefusedLocally implements HttpResponse<String> {

		@Override
		public int statusCode() {
			return 400;
		}

		@Override
		public HttpRequest request() {
			return null;
		}

		@Override
		public Optional<HttpResponse<String>> previousResponse() {
			return Optional.empty();
		}

		@Override
		public java.net.http.HttpHeaders headers() {
			return java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true);
		}

		@Override
		public String body() {
			return "";
		}

		@Override
		public Optional<javax.net.ssl.SSLSession> sslSession() {
			return Optional.empty();
		}

		@Override
		public URI uri() {
			return null;
		}

		@Override
		public HttpClient.Version version() {
			return HttpClient.Version.HTTP_1_1;
		}

	}

}
