package io.mcpconfig.client.local;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;

import io.mcpconfig.client.McpClientAutoConfiguration;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.refresh.ConfigApplier;

/**
 * The watcher that hot-reloads {@code mcp.client.local-file}, when the {@code mcp:} import
 * serves one instead of a config center.
 */
@AutoConfiguration(after = McpClientAutoConfiguration.class)
@ConditionalOnBean(value = ConfigApplier.class, search = SearchStrategy.CURRENT)
@Conditional(OnLocalFileCondition.class)
public class LocalFileAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
	public LocalFileWatcher mcpLocalFileWatcher(McpConfigClient client, ConfigApplier applier) {
		return new LocalFileWatcher(client, applier);
	}

}
