package io.mcpconfig.server.store;

import io.mcpconfig.server.McpServerProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link ReleaseSizeLimit} of the center, for the admin API and whichever store it
 * runs on (each store configuration imports it).
 */
@Configuration(proxyBeanMethods = false)
public class ReleaseSizeLimitConfiguration {

	@Bean
	public ReleaseSizeLimit releaseSizeLimit(McpServerProperties properties) {
		return new ReleaseSizeLimit(properties.limits().maxReleaseSize());
	}

}
