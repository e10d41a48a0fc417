package io.mcpconfig.server.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import io.mcpconfig.server.McpServerApplication;
import io.mcpconfig.server.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A center started with no admin token configured and none stored makes its first admin:
 * the secret goes to a file only its owner can read, the log says where and never what,
 * and a restart keeps using it. With security switched off, the center says so loudly.
 */
@ExtendWith(OutputCaptureExtension.class)
class FirstAdminTokenTests {

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@TempDir
	Path dataDir;

	@Test
	void theFirstStartWritesAnAdminTokenOnlyItsOwnerCanReadAndARestartKeepsIt(CapturedOutput output)
			throws Exception {
		Path file = this.dataDir.resolve("admin-token");
		String secret;
		try (ConfigurableApplicationContext center = start()) {
			assertThat(file).exists();
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
			secret = Files.readString(file).trim();
			assertThat(secret).startsWith(TokenSecret.PREFIX);
			assertThat(get(center, "/api/v1/tokens", secret).statusCode()).isEqualTo(200);
			assertThat(get(center, "/api/v1/tokens", null).statusCode()).isEqualTo(401);
			assertThat(output).contains("Generated the first admin token 'admin' into " + file.toAbsolutePath())
				.doesNotContain(secret);
			assertThat(get(center, "/api/v1/audit?action=token-create", secret).body())
				.contains("\"who\":{\"name\":\"mcp-server\"", "\"token\":{\"name\":\"admin\",\"role\":\"admin\"");
		}
		try (ConfigurableApplicationContext restarted = start()) {
			assertThat(Files.readString(file).trim()).isEqualTo(secret);
			assertThat(get(restarted, "/api/v1/tokens", secret).statusCode()).isEqualTo(200);
			assertThat(get(restarted, "/api/v1/audit?action=token-create", secret).body()).contains("\"total\":1");
		}
	}

	@Test
	void switchedOffSecurityIsOpenAndSaysSo(CapturedOutput output) throws Exception {
		try (ConfigurableApplicationContext center = start("--mcp.server.security.enabled=false")) {
			HttpResponse<String> put = HTTP.send(
					HttpRequest.newBuilder(uri(center, "/api/v1/configs/open/dev"))
						.header("Content-Type", "application/yaml")
						.PUT(HttpRequest.BodyPublishers.ofString("a: 1\n"))
						.timeout(Duration.ofSeconds(10))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(put.statusCode()).isEqualTo(201);
			assertThat(get(center, "/api/v1/configs/open/dev/releases", null).body()).contains("\"author\":\"anonymous\"");
			assertThat(get(center, "/api/v1/tokens", null).statusCode()).isEqualTo(404);
			assertThat(output).contains("SECURITY IS OFF (mcp.server.security.enabled=false)");
			assertThat(this.dataDir.resolve("admin-token")).doesNotExist();
		}
	}

	private ConfigurableApplicationContext start(String... extra) {
		String[] args = { "--server.port=0", "--grpc.server.port=0", "--mcp.server.file.dir=" + this.dataDir,
				"--mcp.server.security.admin-token=", "--spring.main.banner-mode=off" };
		String[] all = new String[args.length + extra.length];
		System.arraycopy(args, 0, all, 0, args.length);
		System.arraycopy(extra, 0, all, args.length, extra.length);
		return new SpringApplicationBuilder(McpServerApplication.class).run(all);
	}

	private static URI uri(ConfigurableApplicationContext center, String path) {
		return URI.create("http://127.0.0.1:" + center.getEnvironment().getProperty("local.server.port") + path);
	}

	private static HttpResponse<String> get(ConfigurableApplicationContext center, String path, String secret)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(center, path)).timeout(Duration.ofSeconds(10));
		if (secret != null) {
			request.header("Authorization", TestTokens.bearer(secret));
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
