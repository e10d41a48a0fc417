package io.mcpconfig.client.refresh;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.unit.DataSize;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestApp.OtherProperties;
import io.mcpconfig.client.TestApp.RoutesProperties;
import io.mcpconfig.client.TestApp.SampleProperties;
import io.mcpconfig.client.TestApp.TunedProperties;
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
	void aBeanUnderADeletedKeyIsResetFromTheInstanceBoundToCheckTheRelease() {
		this.server.setRelease(Map.of("routes.name", "r1", "routes.retry.attempts", "9"));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			RoutesProperties routes = context.getBean(RoutesProperties.class);
			this.server.awaitSubscribed(1);
			int instances = RoutesProperties.INSTANCES.get();

			this.server.awaitAck(this.server.publish(Map.of("routes.retry.attempts", "9")));

			assertThat(routes.getName()).isEqualTo(RoutesProperties.DEFAULT_NAME);
			assertThat(routes.getRetry().getAttempts()).isEqualTo(9);
			// one new instance, bound to check the release; the reset copies from it
			// rather than binding another, and the bean itself is rebound in place
			assertThat(RoutesProperties.INSTANCES.get() - instances).isEqualTo(1);
		}
	}

	@Test
	void valueTypesAndRenamedFieldsAreResetToo() {
		this.server.setRelease(Map.of("routes.max-body", "5MB", "routes.mode", "manual", "routes.name", "r1"));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			RoutesProperties routes = context.getBean(RoutesProperties.class);
			assertThat(routes.getMaxBody()).isEqualTo(DataSize.ofMegabytes(5));
			assertThat(routes.getOperatingMode()).isEqualTo("manual");
			this.server.awaitSubscribed(1);

			this.server.awaitAck(this.server.publish(Map.of("routes.name", "r1")));

			assertThat(routes.getMaxBody()).isEqualTo(RoutesProperties.DEFAULT_MAX_BODY);
			assertThat(routes.getOperatingMode()).isEqualTo(RoutesProperties.DEFAULT_MODE);
		}
	}

	@Test
	void aDeletedKeyNamingTheWholePrefixResetsNothing() {
		// "routes:" with nothing under it in a YAML release is the key "routes" = ""
		this.server.setRelease(Map.of("routes", "", "routes.name", "r1"));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			RoutesProperties routes = context.getBean(RoutesProperties.class);
			routes.setHosts(List.of("set-in-code"));
			this.server.awaitSubscribed(1);

			this.server.awaitAck(this.server.publish(Map.of("routes.name", "r2")));

			assertThat(routes.getName()).isEqualTo("r2");
			assertThat(routes.getHosts()).containsExactly("set-in-code");
		}
	}

	@Test
	void beansOfABeanMethodAndNeverRefreshableClassesAreLeftAsSpringCloudLeavesThem() {
		this.server.setRelease(Map.of("tuned.level", "9", "routes.name", "r1"));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address(),
				"--spring.cloud.refresh.never-refreshable=" + RoutesProperties.class.getName())) {
			this.server.awaitSubscribed(1);

			this.server.awaitAck(this.server.publish(Map.of("unrelated", "1")));

			// the class's initializer (1) is not what the method started the bean with (7)
			assertThat(context.getBean(TunedProperties.class).getLevel()).isEqualTo(9);
			assertThat(context.getBean(RoutesProperties.class).getName()).isEqualTo("r1");
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
