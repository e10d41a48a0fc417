package io.mcpconfig.client.actuate;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpConfigClient;

/**
 * The {@code mcp} component of the health endpoint: where the configuration comes from,
 * which version, and whether the instance is degraded. Always UP: an instance running on
 * a snapshot or fallback while the config center is away still serves, and must stay in
 * its load balancer; {@code degraded} says so instead. Boot's health API moves in Boot 4:
 * this class and its nested configuration in {@link McpClientActuatorAutoConfiguration}
 * are all that use it.
 */
public class McpHealthIndicator implements HealthIndicator {

	private final McpConfigClient client;

	private final SyncStatusTracker tracker;

	public McpHealthIndicator(McpConfigClient client, SyncStatusTracker tracker) {
		this.client = client;
		this.tracker = tracker;
	}

	@Override
	public Health health() {
		HeldConfig held = this.client.held();
		SyncStatus status = this.tracker.status();
		Health.Builder health = Health.up()
			.withDetail("source", held.source())
			.withDetail("app", held.target().app())
			.withDetail("env", held.target().env())
			.withDetail("version", held.version())
			.withDetail("checksum", held.checksum())
			.withDetail("server", (status.server() != null) ? status.server() : "none")
			.withDetail("degraded", status.isDegraded(held))
			.withDetail("lastSync", (status.lastSync() != null) ? status.lastSync() : "never");
		if (status.lastRejection() != null) {
			health.withDetail("lastNack", status.lastRejection());
		}
		return health.build();
	}

}
