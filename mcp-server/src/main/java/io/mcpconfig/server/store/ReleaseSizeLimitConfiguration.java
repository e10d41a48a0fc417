package io.mcpconfig.server.store;

import io.mcpconfig.server.McpServerProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link ReleaseSizeLimit} of the center, for the admin API and whichever store it
 * runs on. Each store configuration imports it (as well as the component scan finding it,
 * which Spring registers once), so a store configuration alone, as in its tests, is whole.
 */
@Configuration(proxyBeanMethods = false)
public class ReleaseSizeLimitConfiguration {

	@Bean
	public ReleaseSizeLimit releaseSizeLimit(McpServerProperties properties) {
		return new ReleaseSizeLimit(properties.limits().maxReleaseSize());
	}

}
