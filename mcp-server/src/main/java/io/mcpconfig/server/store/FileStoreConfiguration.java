package io.mcpconfig.server.store;

import java.util.Map;

import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.audit.AuditRetention;
import io.mcpconfig.server.store.file.FileAuditStore;
import io.mcpconfig.server.store.file.FileReleaseStore;
import io.mcpconfig.server.store.file.FileTokenStore;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The embedded file store, chosen by {@code mcp.server.store=file} (the default). */
@Configuration(proxyBeanMethods = false)
@Import(ReleaseSizeLimitConfiguration.class)
@ConditionalOnProperty(prefix = "mcp.server", name = "store", havingValue = "file", matchIfMissing = true)
public class FileStoreConfiguration {

	@Bean(destroyMethod = "close")
	public FileReleaseStore releaseStore(McpServerProperties properties, ReleaseSizeLimit sizeLimit) {
		return new FileReleaseStore(properties.file().dir(), properties.maxHistory(), sizeLimit);
	}

	@Bean
	public FileTokenStore tokenStore(FileReleaseStore releaseStore) {
		return new FileTokenStore(releaseStore);
	}

	@Bean(destroyMethod = "close")
	public FileAuditStore auditStore(FileReleaseStore releaseStore, FileTokenStore tokenStore,
			McpServerProperties properties) {
		return new FileAuditStore(releaseStore, tokenStore, new AuditRetention(properties.audit().maxEntries()));
	}

	@Bean
	public ReleaseStoreHealthIndicator releaseStoreHealthIndicator(FileReleaseStore releaseStore) {
		return new ReleaseStoreHealthIndicator(releaseStore, Map.of("type", "file", "dir", releaseStore.dir().toString()));
	}

}
