package io.mcpconfig.client.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpConfigClient;

/**
 * What the {@code mcp} component of the health endpoint shows: where the configuration
 * comes from, which version, and whether the instance is degraded. The component is
 * always UP: an instance running on a snapshot or fallback while the config center is away
 * still serves, and must stay in its load balancer; {@code degraded} says so instead.
 * Boot's health API moved package in Boot 4, so each Boot line's adapter has its own
 * {@code HealthIndicator} showing these details.
 */
public final class McpHealth {

	/** The health indicator's name, hence its bean name {@code mcpHealthIndicator}. */
	public static final String NAME = "mcp";

	private final McpConfigClient client;

	private final SyncStatusTracker tracker;

	public McpHealth(McpConfigClient client, SyncStatusTracker tracker) {
		this.client = client;
		this.tracker = tracker;
	}

	/**
	 * The details, in the order they are shown.
	 * @return the details of the {@code mcp} health component
	 */
	public Map<String, Object> details() {
		HeldConfig held = this.client.held();
		SyncStatus status = this.tracker.status();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("source", held.source());
		details.put("app", held.target().app());
		details.put("env", held.target().env());
		details.put("version", held.version());
		details.put("checksum", held.checksum());
		details.put("server", (status.server() != null) ? status.server() : "none");
		details.put("degraded", status.isDegraded(held));
		details.put("lastSync", (status.lastSync() != null) ? status.lastSync() : "never");
		if (status.lastRejection() != null) {
			details.put("lastNack", status.lastRejection());
		}
		if (!status.isConnected() && status.lastDisconnect() != null) {
			details.put("lastDisconnect", status.lastDisconnect());
		}
		if (status.unconfirmed() != null) {
			details.put("unconfirmed", status.unconfirmed());
		}
		return details;
	}

}
