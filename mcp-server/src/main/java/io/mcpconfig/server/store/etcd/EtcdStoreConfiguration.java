package io.mcpconfig.server.store.etcd;

import io.mcpconfig.server.McpServerProperties;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The etcd release store and its health indicator, when {@code mcp.server.store=etcd}.
 * Settings: {@code mcp.server.etcd.endpoints}, {@code .prefix}, {@code .timeout} and
 * {@code mcp.server.max-history}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(prefix = "mcp.server", name = "store", havingValue = "etcd")
public class EtcdStoreConfiguration {

	@Bean(destroyMethod = "close")
	public EtcdReleaseStore releaseStore(McpServerProperties properties) {
		return new EtcdReleaseStore(properties.etcd(), properties.maxHistory());
	}

	@Bean
	public EtcdStoreHealthIndicator etcdStoreHealthIndicator(EtcdReleaseStore releaseStore,
			McpServerProperties properties) {
		return new EtcdStoreHealthIndicator(releaseStore, properties.etcd().endpoints());
	}

}
