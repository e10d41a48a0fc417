package io.mcpconfig.server.web;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.mcpconfig.server.DataDirectoryTests;
import io.mcpconfig.server.TestTokens;
import io.mcpconfig.server.admin.AdminClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that hangs up while its answer is being written is no failure of the center's:
 * logged at DEBUG (switched on here, so the test knows the answer was given up), never as
 * an ERROR with a stack trace.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = { "grpc.server.port=0",
		"logging.level.io.mcpconfig.server.admin.ApiExceptionHandler=debug" })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class ClientGoneTests extends DataDirectoryTests {

	/** Four values near the 262144 characters one may have: a release of about 1 MB. */
	private static final int VALUE_LENGTH = 250_000;

	private static final int RELEASES = 8;

	@LocalServerPort
	int port;

	@Test
	void aClientThatClosesWhileItsAnswerIsWrittenIsLoggedAtDebugOnly(CapturedOutput output) throws Exception {
		AdminClient admin = new AdminClient(this.port);
		for (int release = 0; release < RELEASES; release++) {
			StringBuilder properties = new StringBuilder();
			for (int key = 0; key < 4; key++) {
				properties.append("key").append(key).append('=').append(release).append("x".repeat(VALUE_LENGTH))
					.append('\n');
			}
			assertThat(admin.put("/api/v1/configs/big/dev", AdminClient.PROPERTIES, properties.toString())
				.statusCode()).isBetween(200, 201);
		}

		// about 8 MB of history: far more than the socket buffers hold once the client stops reading
		try (Socket socket = new Socket()) {
			socket.setReceiveBufferSize(4096);
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 2000);
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(("GET /api/v1/configs/big/dev/releases?limit=100 HTTP/1.1\r\nHost: config\r\nAuthorization: "
					+ TestTokens.adminBearer() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			assertThat(in.readNBytes(10)).hasSize(10);
			// a reset, as curl | head leaves the server writing into a closed pipe
			socket.setSoLinger(true, 0);
		}

		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(output.getOut())
				.contains("GET /api/v1/configs/big/dev/releases: the client went away before its answer was written"));
		assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("failed (id ");
	}

}
