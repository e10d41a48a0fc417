package io.mcpconfig.client.boot4;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import io.mcpconfig.client.actuate.McpClientActuatorAutoConfiguration;
import io.mcpconfig.client.actuate.McpHealth;

/**
 * The {@code mcp} health indicator on Boot 4, with Actuator on the classpath
 * ({@code management.health.mcp.enabled}).
 */
@AutoConfiguration(after = McpClientActuatorAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(value = McpHealth.class, search = SearchStrategy.CURRENT)
public class Boot4HealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "mcpHealthIndicator", search = SearchStrategy.CURRENT)
	@ConditionalOnEnabledHealthIndicator(McpHealth.NAME)
	McpHealthIndicator mcpHealthIndicator(McpHealth health) {
		return new McpHealthIndicator(health);
	}

}
