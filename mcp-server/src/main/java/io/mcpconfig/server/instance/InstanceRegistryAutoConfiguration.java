package io.mcpconfig.server.instance;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The default {@link InstanceRegistry}. An auto-configuration, so that it runs after the
 * application's own configuration and backs off when a store configuration (etcd)
 * declares a cluster-wide registry.
 */
@AutoConfiguration
public class InstanceRegistryAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(InstanceRegistry.class)
	public LocalInstanceRegistry instanceRegistry() {
		return new LocalInstanceRegistry();
	}

}
