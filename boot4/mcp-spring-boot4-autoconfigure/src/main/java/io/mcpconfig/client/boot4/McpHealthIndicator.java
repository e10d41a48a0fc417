package io.mcpconfig.client.boot4;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.mcpconfig.client.actuate.McpHealth;

/**
 * The {@code mcp} component of the health endpoint on Boot 4: always UP, with the
 * {@link McpHealth} details.
 */
public class McpHealthIndicator implements HealthIndicator {

	private final McpHealth health;

	public McpHealthIndicator(McpHealth health) {
		this.health = health;
	}

	@Override
	public Health health() {
		return Health.up().withDetails(this.health.details()).build();
	}

}
