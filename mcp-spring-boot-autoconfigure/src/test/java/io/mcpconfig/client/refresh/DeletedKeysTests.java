package io.mcpconfig.client.refresh;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestApp.OtherProperties;
import io.mcpconfig.client.TestApp.RoutesProperties;
import io.mcpconfig.client.TestApp.SampleProperties;
import io.mcpconfig.client.TestConfigServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deleted key takes the {@code @ConfigurationProperties} field bound to it back to the
 * value it would start with, where rebinding in place alone would keep the old value; beans
 * under no deleted key keep everything, even values set in code.
 */
class DeletedKeysTests {

	private final TestConfigServer server = TestConfigServer.start();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void deletedKeysGoBackToTheDefaultsTheBeanStartsWith() {
		Map<String, String> all = new LinkedHashMap<>();
		all.put("routes.name", "r1");
		all.put("routes.targets.a", "x");
		all.put("routes.targets.b", "y");
		all.put("routes.retry.attempts", "9");
		all.put("other.name", "kept");
		this.server.setRelease(all);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			RoutesProperties routes = context.getBean(RoutesProperties.class);
			assertThat(routes.getName()).isEqualTo("r1");
			assertThat(routes.getTargets()).containsOnly(Map.entry("a", "x"), Map.entry("b", "y"));
			assertThat(routes.getRetry().getAttempts()).isEqualTo(9);
			RoutesProperties.Retry retry = routes.getRetry();
			Map<String, String> targets = routes.getTargets();
			// set in code, under no key: neither a rebind nor a reset has reason to touch it
			routes.setHosts(List.of("set-in-code"));
			OtherProperties other = context.getBean(OtherProperties.class);
			int otherBinds = other.binds();
			this.server.awaitSubscribed(1);

			this.server.awaitAck(this.server.publish(Map.of("routes.targets.a", "x", "other.name", "kept")));

			assertThat(routes.getName()).isEqualTo(RoutesProperties.DEFAULT_NAME);
			assertThat(routes.getTargets()).containsOnly(Map.entry("a", "x"));
			assertThat(routes.getRetry().getAttempts()).isEqualTo(RoutesProperties.Retry.DEFAULT_ATTEMPTS);
			// getter-only objects keep their identity: whoever holds them sees the change
			assertThat(routes.getRetry()).isSameAs(retry);
			assertThat(routes.getTargets()).isSameAs(targets);
			assertThat(routes.getHosts()).containsExactly("set-in-code");
			// nothing under other.* changed
			assertThat(other.binds()).isEqualTo(otherBinds);
		}
	}

	@Test
	void deletingEveryKeyOfABeanLeavesItAsItStarts() {
		this.server.setRelease(Map.of("sample.greeting", "hello", "sample.max-connections", "7"));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			SampleProperties sample = context.getBean(SampleProperties.class);
			assertThat(sample.getGreeting()).isEqualTo("hello");

			this.server.awaitSubscribed(1);
			this.server.awaitAck(this.server.publish(Map.of("unrelated", "1")));

			assertThat(sample.getGreeting()).isNull();
			assertThat(sample.getMaxConnections()).isZero();
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isNull();
		}
	}

}
