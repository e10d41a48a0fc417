package io.mcpconfig.client.apps;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestApp.ChangeEvents;
import io.mcpconfig.client.TestApp.Greeter;
import io.mcpconfig.client.TestApp.LimitsProperties;
import io.mcpconfig.client.TestApp.SampleProperties;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.actuate.McpHealth;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.listener.McpConfigListener;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.Nack;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application with Boot's global lazy initialization
 * ({@code spring.main.lazy-initialization=true}): its beans exist only once used. The
 * client follows the center all the same, a release reaches the beans that exist and the
 * ones created later, and one that a bean not created yet could not take is refused
 * without creating it.
 */
class LazyInitializationTests {

	private static final Map<String, String> V1 = Map.of("sample.greeting", "hello", "pricing.discount", "1");

	private final TestConfigServer server = TestConfigServer.start();

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void releasesReachLazyBeansCreatedBeforeOrAfterThem() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run()) {
			this.server.awaitSubscribed(1);
			ConfigurableListableBeanFactory beans = context.getBeanFactory();
			String sample = context.getBeanNamesForType(SampleProperties.class, false, false)[0];
			assertThat(beans.containsSingleton(sample)).isFalse();
			assertThat(beans.containsSingleton("pricing")).isFalse();

			// Before any of the app's beans exists: each is created with the release.
			this.server.awaitAck(this.server.publish(Map.of("sample.greeting", "hi", "pricing.discount", "2")));
			assertThat(beans.containsSingleton(sample)).isFalse();
			assertThat(context.getBean(ChangeEvents.class).last().getNewVersion()).isEqualTo(2);
			assertThat(context.getBean(Keyed.class).events).hasSize(1);
			assertThat(context.getBean(Greeter.class).greeting()).isEqualTo("hi");
			assertThat(context.getBean(SampleProperties.class).getGreeting()).isEqualTo("hi");
			assertThat(context.getBean(Pricing.class).discount).isEqualTo(2);

			// Once they exist: refreshed in place.
			this.server.awaitAck(this.server.publish(Map.of("sample.greeting", "hey", "pricing.discount", "3")));
			assertThat(context.getBean(ChangeEvents.class).last().getNewVersion()).isEqualTo(3);
			assertThat(context.getBean(Keyed.class).events).hasSize(2);
			assertThat(context.getBean(Greeter.class).greeting()).isEqualTo("hey");
			assertThat(context.getBean(SampleProperties.class).getGreeting()).isEqualTo("hey");
			assertThat(context.getBean(Pricing.class).discount).isEqualTo(3);

			Nack nack = this.server.awaitNack(this.server.publish(Map.of("sample.greeting", "hey", "pricing.discount", "ten")));
			assertThat(nack.getReason()).contains("field 'discount' of bean 'pricing'", "pricing.discount=ten");
			assertThat(context.getBean(McpHealth.class).details()).containsEntry("version", 3L);
		}
	}

	@Test
	void releaseThatALazyBeanNotCreatedYetCouldNotTakeIsRefusedWithoutCreatingIt() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run()) {
			this.server.awaitSubscribed(1);
			ConfigurableListableBeanFactory beans = context.getBeanFactory();
			String limits = context.getBeanNamesForType(LimitsProperties.class, false, false)[0];

			Nack invalid = this.server.awaitNack(this.server.publish(with("limits.size", "0")));
			assertThat(invalid.getReason()).contains("limits.size rejected 0");
			Nack unconvertible = this.server.awaitNack(this.server.publish(with("quota.max", "lots")));
			assertThat(unconvertible.getReason()).contains("field 'max' of bean 'quotas'", "quota.max=lots");

			assertThat(beans.containsSingleton(limits)).isFalse();
			assertThat(beans.containsSingleton("quotas")).isFalse();
			assertThat(context.getBean(McpConfigClient.class).held().version()).isEqualTo(1);
			assertThat(context.getBean(Quotas.class).max).isEqualTo(10);
			ConfigUpdate quota = this.server.publish(with("quota.max", "20"));
			this.server.awaitAck(quota);
			assertThat(context.getBean(Quotas.class).max).isEqualTo(20);
		}
	}

	private ConfigurableApplicationContext run() {
		return TestApp.run(TestApp.builder().sources(LazyBeans.class), this.server.address(),
				"--spring.main.lazy-initialization=true", "--mcp.client.refresh.value-injection=true");
	}

	private static Map<String, String> with(String key, String value) {
		Map<String, String> release = new HashMap<>(V1);
		release.put(key, value);
		return release;
	}

	@Configuration(proxyBeanMethods = false)
	static class LazyBeans {

		@Bean
		Pricing pricing() {
			return new Pricing();
		}

		@Bean
		Quotas quotas() {
			return new Quotas();
		}

		@Bean
		Keyed keyed() {
			return new Keyed();
		}

	}

	static class Pricing {

		@Value("${pricing.discount:0}")
		volatile int discount;

	}

	static class Quotas {

		@Value("${quota.max:10}")
		volatile int max;

	}

	/** An {@code @McpConfigListener} bean, created when a change first calls it. */
	static class Keyed {

		final List<ConfigChangeEvent> events = new CopyOnWriteArrayList<>();

		@McpConfigListener(prefixes = "sample")
		void on(ConfigChangeEvent event) {
			this.events.add(event);
		}

	}

}
