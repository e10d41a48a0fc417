package io.mcpconfig.client.config;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.actuate.SyncStatusTracker;
import io.mcpconfig.client.session.SyncSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A parent and a child context built with {@code SpringApplicationBuilder.child}, both
 * importing {@code mcp:} (as a child inherits the command line): each context prepares
 * its own environment, so each has its own client, follows the center with a session of
 * its own, and closes its own channel. The child used to find the parent's client and
 * session and stay on its first fetch, its channel never closed.
 */
class ParentChildContextTests {

	private final TestConfigServer server = TestConfigServer.start();

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void aChildContextFollowsTheCenterWithAClientOfItsOwnAndClosesIt() {
		this.server.setRelease(Map.of("sample.greeting", "v1"));
		ConfigurableApplicationContext child = TestApp
			.run(TestApp.builder().child(ChildApp.class).web(WebApplicationType.NONE), this.server.address());
		ConfigurableApplicationContext parent = (ConfigurableApplicationContext) child.getParent();
		McpConfigClient parentClient = parent.getBean(McpConfigClient.class);
		McpConfigClient childClient = child.getBean(McpConfigClient.class);
		try {
			assertThat(child.getBeanFactory().containsLocalBean(ClientRegistration.BEAN_NAME)).isTrue();
			assertThat(childClient).isNotSameAs(parentClient);
			assertThat(child.getBean(SyncSession.class)).isNotSameAs(parent.getBean(SyncSession.class));
			assertThat(child.getEnvironment().getPropertySources().get(TestApp.SOURCE_NAME))
				.isSameAs(childClient.propertySource());

			assertThat(child.getBeanFactory().containsLocalBean("mcpSyncStatusTracker")).isTrue();
			assertThat(child.getBeanFactory().containsLocalBean("mcpHealth")).isTrue();

			this.server.publish(Map.of("sample.greeting", "v2"));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> "v2".equals(parent.getEnvironment().getProperty("sample.greeting"))
						&& "v2".equals(child.getEnvironment().getProperty("sample.greeting")));
			// each context's status tells of its own session only
			await().atMost(Duration.ofSeconds(10))
				.until(() -> child.getBean(SyncStatusTracker.class).status().updatesApplied() == 1);
			assertThat(parent.getBean(SyncStatusTracker.class).status().updatesApplied()).isEqualTo(1);
		}
		finally {
			child.close();
			parent.close();
		}
		assertThat(childClient.channel().isShutdown()).isTrue();
		assertThat(parentClient.channel().isShutdown()).isTrue();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ChildApp {

	}

}
