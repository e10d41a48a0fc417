package io.mcpconfig.client.actuate;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.mcpconfig.client.config.McpConfigClient;

/**
 * The client's Micrometer meters, once a {@link MeterRegistry} exists. Imported by each
 * Boot line's metrics auto-configuration, which orders it after that line's own metrics
 * auto-configurations (they moved package in Boot 4).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBean({ MeterRegistry.class, SyncStatusTracker.class })
public class McpClientMetricsConfiguration {

	@Bean
	@ConditionalOnMissingBean
	McpClientMetrics mcpClientMetrics(McpConfigClient client, SyncStatusTracker tracker) {
		return new McpClientMetrics(client, tracker, Clock.systemUTC());
	}

}
