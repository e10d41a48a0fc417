package io.mcpconfig.server.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.mcpconfig.server.DataDirectoryTests;
import io.mcpconfig.server.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that reads a history slower than {@code mcp.server.limits.history-answer-timeout}
 * (here 2 s of writes waiting for it) allows has its connection closed before the answer's
 * end, and the read place it held is free again: a trickle of reads keeps no place for as
 * long as the client likes. The history (12 releases of about 800 KB) is far larger than
 * what the sockets' buffers take, and the center's send buffer is fixed at 64 KB, as on a
 * real network (on loopback Linux would grow it to megabytes, and a blocked write would
 * wake only after Tomcat's own write timeout, set to a minute here so that it cannot be
 * what frees the place).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "grpc.server.port=0", "mcp.server.limits.max-concurrent-release-reads=2",
				"mcp.server.limits.history-answer-timeout=2s", "server.tomcat.connection-timeout=60s" })
@Import(SlowHistoryReaderTests.SmallSendBuffer.class)
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class SlowHistoryReaderTests extends DataDirectoryTests {

	private static final String HISTORY = "/api/v1/configs/big/dev/releases?limit=100";

	@LocalServerPort
	int port;

	private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();

	@AfterEach
	void stopReading() throws InterruptedException {
		this.trickle.shutdownNow();
		this.trickle.awaitTermination(5, TimeUnit.SECONDS);
	}

	@Test
	void aClientReadingAHistoryTooSlowlyIsCutOffAndItsPlaceIsFree(CapturedOutput output) throws IOException {
		AdminClient admin = new AdminClient(this.port);
		for (int version = 1; version <= 12; version++) {
			StringBuilder yaml = new StringBuilder();
			for (int key = 0; key < 4; key++) {
				yaml.append("k").append(key).append(": '").append(version).append("x".repeat(200_000)).append("'\n");
			}
			HttpResponse<String> published = admin.put("/api/v1/configs/big/dev", AdminClient.YAML, yaml.toString());
			assertThat(published.statusCode()).as(published.body()).isIn(200, 201);
		}

		try (Socket slow = new Socket()) {
			slow.setReceiveBufferSize(4096);
			slow.connect(new InetSocketAddress("127.0.0.1", this.port), 5000);
			OutputStream request = slow.getOutputStream();
			request.write(("GET " + HISTORY + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
					+ TestTokens.ADMIN + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			request.flush();
			SlowRead read = readSlowly(slow.getInputStream());

			// the admin token holds its share of the places (one of two) while its history is read
			await().atMost(Duration.ofSeconds(10)).until(() -> read.bytes.get() > 0);
			assertThat(admin.get("/api/v1/configs/big/dev/releases?limit=1").statusCode()).isEqualTo(429);

			// at 50 KB/s the 9.6 MB would hold it for three minutes; the time limit gives it back
			await().atMost(Duration.ofSeconds(20))
				.until(() -> admin.get("/api/v1/configs/big/dev/releases?limit=1").statusCode() == 200);
			// cut part-way: the answer had begun, was far from whole, and its connection ends without
			// the chunked body's last chunk, so no client can take it for a whole, shorter history
			assertThat(read.bytes.get()).isBetween(50_000L, 5_000_000L);
			await().atMost(Duration.ofSeconds(20)).until(read.ended::get);
			assertThat(read.tail()).doesNotEndWith("\r\n0\r\n\r\n");
			assertThat(output).contains("the client did not take the answer within 2000 ms"
					+ " (mcp.server.limits.history-answer-timeout)");
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class SmallSendBuffer {

		@Bean
		WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallSendBuffer() {
			return (factory) -> factory
				.addConnectorCustomizers((connector) -> connector.setProperty("socket.txBufSize", "65536"));
		}

	}

	/** Reads 1 KB every 20 ms until the connection ends. */
	private SlowRead readSlowly(InputStream in) {
		SlowRead read = new SlowRead();
		byte[] buffer = new byte[1024];
		this.trickle.scheduleWithFixedDelay(() -> {
			if (read.ended.get()) {
				return;
			}
			try {
				int n = in.read(buffer);
				if (n < 0) {
					read.ended.set(true);
				}
				else {
					read.took(buffer, n);
				}
			}
			catch (IOException ex) {
				// reset by the center, or the test ended
				read.ended.set(true);
			}
		}, 0, 20, TimeUnit.MILLISECONDS);
		return read;
	}

	/** What a slow read took so far: how many bytes, the last of them, and whether the connection ended. */
	private static final class SlowRead {

		final AtomicLong bytes = new AtomicLong();

		final AtomicBoolean ended = new AtomicBoolean();

		private volatile String tail = "";

		void took(byte[] buffer, int n) {
			this.bytes.addAndGet(n);
			String last = this.tail + new String(buffer, 0, n, StandardCharsets.ISO_8859_1);
			this.tail = last.substring(Math.max(0, last.length() - 16));
		}

		String tail() {
			return this.tail;
		}

	}

}
