package io.mcpconfig.client.listener;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestApp.SampleProperties;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.event.ConfigChangeEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link McpConfigListener} methods in a real application with the real client, against
 * a config center on a loopback port: called for the releases that change their keys
 * only, and one that throws stops neither the others nor the release.
 */
class ConfigListenerTests {

	private static final Map<String, String> V1 = Map.of("sample.greeting", "hello", "sample.max-connections", "5",
			"other.name", "first");

	private final TestConfigServer server = TestConfigServer.start();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void aListenerIsCalledOnlyForTheReleasesThatChangeItsKeys() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run()) {
			this.server.awaitSubscribed(1);
			Listeners listeners = context.getBean(Listeners.class);

			this.server.awaitAck(this.server
				.publish(Map.of("sample.greeting", "hello", "sample.max-connections", "5", "other.name", "second")));
			this.server.awaitAck(this.server
				.publish(Map.of("sample.greeting", "hi", "sample.max-connections", "5", "other.name", "second")));
			this.server.awaitAck(this.server
				.publish(Map.of("sample.greeting", "hi", "sample.max-connections", "6", "other.name", "second")));

			assertThat(listeners.greeting).extracting(ConfigChangeEvent::getNewVersion).containsExactly(3L);
			assertThat(listeners.sample).extracting(ConfigChangeEvent::getNewVersion).containsExactly(3L, 4L);
		}
	}

	@Test
	void aListenerThatThrowsStopsNeitherTheOthersNorTheRelease() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run()) {
			this.server.awaitSubscribed(1);

			this.server.awaitAck(this.server
				.publish(Map.of("sample.greeting", "hi", "sample.max-connections", "5", "other.name", "first")));

			assertThat(context.getBean(Listeners.class).greeting).singleElement()
				.satisfies((event) -> assertThat(event.changedKeys()).containsExactly("sample.greeting"));
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("hi");
			assertThat(context.getBean(SampleProperties.class).getGreeting()).isEqualTo("hi");
			assertThat(context.getBean(TestApp.Greeter.class).greeting()).isEqualTo("hi");
			assertThat(this.server.nacks()).isEmpty();
		}
	}

	private ConfigurableApplicationContext run() {
		return TestApp.run(TestApp.builder().sources(ListenerBeans.class), this.server.address());
	}

	@Configuration(proxyBeanMethods = false)
	static class ListenerBeans {

		// Declared first, so called first.
		@Bean
		Failing failing() {
			return new Failing();
		}

		@Bean
		Listeners listeners() {
			return new Listeners();
		}

	}

	static class Failing {

		@McpConfigListener(prefixes = "sample")
		void fail() {
			throw new IllegalStateException("the listener failed");
		}

	}

	static class Listeners {

		final List<ConfigChangeEvent> greeting = new CopyOnWriteArrayList<>();

		final List<ConfigChangeEvent> sample = new CopyOnWriteArrayList<>();

		@McpConfigListener(keys = "sample.greeting")
		void onGreeting(ConfigChangeEvent event) {
			this.greeting.add(event);
		}

		@McpConfigListener(prefixes = "sample")
		void onSample(ConfigChangeEvent event) {
			this.sample.add(event);
		}

	}

}
