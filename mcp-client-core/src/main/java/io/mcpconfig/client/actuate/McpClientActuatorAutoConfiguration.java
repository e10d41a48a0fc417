package io.mcpconfig.client.actuate;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.mcpconfig.client.McpClientAutoConfiguration;
import io.mcpconfig.client.McpClientProperties;
import io.mcpconfig.client.config.McpConfigClient;

/**
 * Observability of the MCP Config client: the {@link SyncStatusTracker} that the sync
 * session reports to, the {@link McpHealth} that each Boot line's health indicator shows
 * and, with Actuator on the classpath, the {@code mcp} actuator endpoint. The meters are
 * configured by each Boot line's adapter with {@link McpClientMetricsConfiguration}.
 */
@AutoConfiguration(after = McpClientAutoConfiguration.class)
@ConditionalOnProperty(prefix = McpClientProperties.PREFIX, name = "enabled", matchIfMissing = true)
@ConditionalOnBean(value = McpConfigClient.class, search = SearchStrategy.CURRENT)
public class McpClientActuatorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
	public SyncStatusTracker mcpSyncStatusTracker(McpConfigClient client) {
		return new SyncStatusTracker(client, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
	public McpHealth mcpHealth(McpConfigClient client, SyncStatusTracker tracker) {
		return new McpHealth(client, tracker);
	}

	// Actuator's own conditions sit on the @Bean methods: they are read only once the
	// class condition has proved Actuator is there.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	@EnableConfigurationProperties(McpEndpointProperties.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean(search = SearchStrategy.CURRENT)
		@ConditionalOnAvailableEndpoint
		McpEndpoint mcpEndpoint(McpConfigClient client, SyncStatusTracker tracker, McpEndpointProperties properties,
				ObjectProvider<SanitizingFunction> sanitizingFunctions) {
			return new McpEndpoint(client, tracker, sanitizingFunctions.orderedStream().toList(),
					properties.getShowValues(), properties.getRoles());
		}

	}

}
