package io.mcpconfig.client.session;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.Status;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.TestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A center that refuses the instance as it is (its token, its scope, a label longer than it
 * takes) is asked again every {@code mcp.client.reconnect.max-backoff} (here 400 ms), not
 * on the short back-off of a broken stream, and the refusal is said once at WARN, not at
 * every attempt, each attempt on a new connection; once the center lets the instance in, it
 * is synced as ever.
 */
@ExtendWith(OutputCaptureExtension.class)
class RefusedInstanceTests {

	private static final Duration MAX_BACKOFF = Duration.ofMillis(400);

	private static final Pattern REFUSAL_WARNING = Pattern
		.compile("WARN .*refuses the sync session of .*INVALID_ARGUMENT: labels\\.team is longer than");

	private final TestConfigServer server = TestConfigServer.start();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void aRefusedInstanceIsAskedAgainAtTheLongestBackoffAndTheRefusalIsSaidOnce(CapturedOutput output) {
		this.server.setRelease(Map.of("sample.greeting", "hello"));
		this.server.refuseSubscribes(Status.INVALID_ARGUMENT
			.withDescription("labels.team is longer than the 256 characters the center takes"));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.server.refusedSubscribes().size() >= 4);

			List<Long> attempts = List.copyOf(this.server.refusedSubscribes());
			for (int i = 1; i < attempts.size(); i++) {
				// the short back-off would start at 50 to 100 ms
				assertThat(Duration.ofNanos(attempts.get(i) - attempts.get(i - 1)))
					.as("attempt %d after %d", i + 1, i)
					.isGreaterThanOrEqualTo(MAX_BACKOFF.minusMillis(10));
			}
			assertThat(warnings(output)).as(output.getOut()).isEqualTo(1);
			// each attempt on a new connection: a renewed client certificate is presented only on one
			assertThat(this.server.connectionsMade()).isGreaterThanOrEqualTo(attempts.size());

			this.server.refuseSubscribes(null);
			this.server.awaitSubscribed(1);
			this.server.awaitAck(this.server.publish(Map.of("sample.greeting", "let in")));
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("let in");
		}
	}

	private static int warnings(CapturedOutput output) {
		Matcher matcher = REFUSAL_WARNING.matcher(output.getOut());
		int count = 0;
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}
