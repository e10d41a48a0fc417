package io.mcpconfig.server.store.etcd;

import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.ServerId;
import io.mcpconfig.server.audit.AuditRetention;
import io.mcpconfig.server.store.ReleaseSizeLimit;
import io.mcpconfig.server.store.ReleaseSizeLimitConfiguration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The etcd release store, the token store and audit log beside it, its health indicator
 * and the cluster-wide instance registry (in place of the local one), when
 * {@code mcp.server.store=etcd}. Settings: {@code
 * mcp.server.etcd.endpoints}, {@code .prefix}, {@code .timeout}, {@code .lease-ttl} and
 * {@code mcp.server.max-history}.
 */
@Configuration(proxyBeanMethods = false)
@Import(ReleaseSizeLimitConfiguration.class)
@ConditionalOnProperty(prefix = "mcp.server", name = "store", havingValue = "etcd")
public class EtcdStoreConfiguration {

	@Bean(destroyMethod = "close")
	public EtcdReleaseStore releaseStore(McpServerProperties properties, ReleaseSizeLimit sizeLimit) {
		return new EtcdReleaseStore(properties.etcd(), properties.maxHistory(), sizeLimit);
	}

	@Bean
	public EtcdTokenStore tokenStore(EtcdReleaseStore releaseStore) {
		return new EtcdTokenStore(releaseStore);
	}

	@Bean
	public EtcdAuditStore auditStore(EtcdReleaseStore releaseStore, McpServerProperties properties) {
		return new EtcdAuditStore(releaseStore, new AuditRetention(properties.audit().maxEntries()));
	}

	@Bean
	public EtcdStoreHealthIndicator etcdStoreHealthIndicator(EtcdReleaseStore releaseStore,
			McpServerProperties properties) {
		return new EtcdStoreHealthIndicator(releaseStore, properties.etcd().endpoints());
	}

	/** Closed before the store (it depends on it), so it can still revoke its lease. */
	@Bean(destroyMethod = "close")
	public EtcdInstanceRegistry etcdInstanceRegistry(EtcdReleaseStore releaseStore, ServerId serverId,
			McpServerProperties properties) {
		return new EtcdInstanceRegistry(releaseStore, serverId, properties.etcd().leaseTtl());
	}

}
