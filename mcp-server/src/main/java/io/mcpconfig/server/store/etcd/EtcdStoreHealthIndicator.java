package io.mcpconfig.server.store.etcd;

import java.util.List;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/**
 * The etcd store in {@code /actuator/health}: UP when etcd answers a linearizable read
 * (so it has a leader and a quorum), DOWN with the reason otherwise; both with the
 * endpoints and the key prefix in use. The alarms etcd has raised are a detail of an UP
 * store: with {@code NOSPACE} etcd refuses every publish but still serves every read, so
 * the replica still serves its clients and must stay in its load balancer; alert on the
 * detail instead. They are listed in the background, at most every ten seconds, so a
 * health check never waits for them.
 */
public class EtcdStoreHealthIndicator extends AbstractHealthIndicator {

	private final EtcdReleaseStore store;

	private final List<String> endpoints;

	public EtcdStoreHealthIndicator(EtcdReleaseStore store, List<String> endpoints) {
		super("etcd store health check failed");
		this.store = store;
		this.endpoints = List.copyOf(endpoints);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		EtcdReleaseStore.Availability availability = this.store.availability();
		builder.status(availability.available() ? Status.UP : Status.DOWN)
			.withDetail("endpoints", this.endpoints)
			.withDetail("prefix", this.store.prefix());
		if (!availability.available()) {
			builder.withDetail("reason", availability.detail());
			return;
		}
		EtcdReleaseStore.Alarms alarms = this.store.alarms();
		if (alarms == null) {
			return;
		}
		if (alarms.failure() != null) {
			builder.withDetail("alarms", "unknown: " + alarms.failure());
		}
		else if (!alarms.raised().isEmpty()) {
			builder.withDetail("alarms", alarms.raised());
		}
	}

}
