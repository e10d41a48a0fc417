package io.mcpconfig.server.store;

import java.util.Map;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * Health of the release store: UP when it can serve reads and writes, DOWN otherwise,
 * with the details each store configuration gives (type, where the data lives).
 */
public class ReleaseStoreHealthIndicator extends AbstractHealthIndicator {

	private final ReleaseStore store;

	private final Map<String, Object> details;

	public ReleaseStoreHealthIndicator(ReleaseStore store, Map<String, ?> details) {
		super("release store health check failed");
		this.store = store;
		this.details = Map.copyOf(details);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		(store.isAvailable() ? builder.up() : builder.down()).withDetails(details);
	}

}
