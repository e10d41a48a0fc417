package io.mcpconfig.server.instance;

import java.util.List;
import java.util.Optional;

import io.mcpconfig.server.release.Target;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceRegistryAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(InstanceRegistryAutoConfiguration.class));

	@Test
	void localRegistryIsTheDefault() {
		contextRunner.run((context) -> assertThat(context).hasSingleBean(InstanceRegistry.class)
			.hasSingleBean(LocalInstanceRegistry.class));
	}

	@Test
	void backsOffWhenAStoreConfigurationDeclaresItsOwnRegistry() {
		contextRunner.withUserConfiguration(ClusterRegistryConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(InstanceRegistry.class)
				.doesNotHaveBean(LocalInstanceRegistry.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class ClusterRegistryConfiguration {

		@Bean
		InstanceRegistry clusterRegistry() {
			return new InstanceRegistry() {
				@Override
				public void put(Instance instance) {
				}

				@Override
				public void remove(Instance instance) {
				}

				@Override
				public List<Instance> list(Target target) {
					return List.of();
				}

				@Override
				public Optional<Instance> find(Target target, String instanceId) {
					return Optional.empty();
				}
			};
		}

	}

}
