package io.mcpconfig.client.config;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestConfigServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * A start that fails after the client fetched, while the environment is still prepared
 * (here a property Boot cannot bind to the application): no context ever holds the
 * client, yet its channel is shut down and its connection to the center closes.
 */
class FailedStartTests {

	private final TestConfigServer server = TestConfigServer.start();

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void aStartThatFailsBeforeItsContextClosesTheClientsChannel() {
		this.server.setRelease(Map.of("sample.greeting", "v1"));
		assertThatException()
			.isThrownBy(() -> TestApp.run(this.server.address(), "--spring.main.banner-mode=sideways"));
		assertThat(this.server.fetchCount()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.server.openConnections() == 0);
	}

}
