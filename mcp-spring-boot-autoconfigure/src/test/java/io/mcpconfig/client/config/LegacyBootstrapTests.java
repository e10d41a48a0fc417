package io.mcpconfig.client.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.cloud.context.refresh.LegacyContextRefresher;
import org.springframework.context.ConfigurableApplicationContext;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.session.SyncSession;
import io.mcpconfig.protocol.v1.ConfigUpdate;

import static io.mcpconfig.client.TestConfigServer.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Cloud's legacy bootstrap context ({@code spring.cloud.bootstrap.enabled=true}, or
 * {@code spring-cloud-starter-bootstrap}): Spring Cloud starts a bootstrap application
 * before the main one, over the main one's command line, system properties and
 * environment variables, and each {@code ContextRefresher.refresh()} (then a
 * {@link LegacyContextRefresher}: {@code /actuator/refresh}, Spring Cloud Bus) starts
 * another one to rebuild the environment. Through pushed releases, each followed by such a
 * refresh, the main application's client stays the only one: one fetch, one connection,
 * one session, one sync thread; the {@code @RefreshScope} bean, the
 * {@code @ConfigurationProperties} bean and the {@code ConfigChangeEvent} listener follow
 * every release, and closing the context leaves nothing open. With the import on the
 * command line the bootstrap applications imported {@code mcp:} too: a second client
 * fetched at start and kept its connection open in the bootstrap context, and each refresh
 * fetched with a third and put its copy of the configuration in the main environment,
 * which stayed on it from then on: later releases were acknowledged and never seen.
 */
class LegacyBootstrapTests {

	private final TestConfigServer server = TestConfigServer.start();

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void importOnTheCommandLineHasOneClientThroughPushesAndRefreshes() {
		this.server.setRelease(Map.of("sample.greeting", "v1"));
		followsTheCenterWithOneClient(TestApp.run(this.server.address(), "--spring.cloud.bootstrap.enabled=true"));
	}

	@Test
	void importInTheApplicationsFileHasOneClientThroughPushesAndRefreshes() {
		this.server.setRelease(Map.of("sample.greeting", "v1"));
		followsTheCenterWithOneClient(TestApp.builder()
			.run("--spring.config.name=precedence", "--mcp.client.server-addresses=" + this.server.address(),
					"--spring.cloud.bootstrap.enabled=true"));
	}

	private void followsTheCenterWithOneClient(ConfigurableApplicationContext started) {
		McpConfigClient client;
		try (ConfigurableApplicationContext context = started) {
			client = context.getBean(McpConfigClient.class);
			ContextRefresher refresher = context.getBean(ContextRefresher.class);
			assertThat(refresher).isInstanceOf(LegacyContextRefresher.class);
			assertThat(context.getParent().getBeanNamesForType(McpConfigClient.class)).as("bootstrap context").isEmpty();
			this.server.awaitSubscribed(1);

			List<Long> published = new ArrayList<>();
			for (String greeting : List.of("v2", "v3", "v4")) {
				ConfigUpdate update = this.server.publish(Map.of("sample.greeting", greeting));
				published.add(update.getVersion());
				this.server.awaitAck(update);
				eventually().until(() -> greeting.equals(context.getBean(TestApp.Greeter.class).greeting()));
				assertThat(context.getBean(TestApp.SampleProperties.class).getGreeting()).isEqualTo(greeting);

				refresher.refresh();

				assertThat(context.getEnvironment().getPropertySources().get(TestApp.SOURCE_NAME))
					.isSameAs(client.propertySource());
				assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo(greeting);
				assertThat(context.getBean(TestApp.Greeter.class).greeting()).isEqualTo(greeting);
			}
			assertThat(context.getBean(TestApp.ChangeEvents.class).all()).extracting(ConfigChangeEvent::getNewVersion)
				.containsExactlyElementsOf(published);

			assertThat(this.server.fetchCount()).isEqualTo(1);
			assertThat(this.server.subscribes()).hasSize(1);
			assertThat(this.server.openSessions()).isEqualTo(1);
			assertThat(this.server.openConnections()).isEqualTo(1);
			assertThat(TestApp.liveThreads(SyncSession.THREAD_NAME_PREFIX)).hasSize(1);
		}
		assertThat(client.channel().isTerminated()).isTrue();
		assertThat(TestApp.liveThreads(SyncSession.THREAD_NAME_PREFIX)).isEmpty();
		eventually().until(() -> this.server.openSessions() == 0 && this.server.openConnections() == 0);
	}

}
