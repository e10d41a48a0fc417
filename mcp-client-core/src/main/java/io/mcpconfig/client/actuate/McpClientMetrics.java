package io.mcpconfig.client.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.session.SyncObserver;
import io.mcpconfig.protocol.v1.NackCode;

/**
 * The client's Micrometer meters, tagged with {@code app} and {@code env}:
 * <ul>
 * <li>{@value #APPLIED}, {@value #REJECTED} (tag {@code reason}: the NACK code) and
 * {@value #RECONNECTS}: counters read from the {@link SyncStatus}, so they always agree
 * with the health and the {@code mcp} endpoint;</li>
 * <li>{@value #SYNC_AGE}: seconds since the config center last confirmed what this
 * instance holds;</li>
 * <li>{@value #CONFIG_VERSION}: the version held;</li>
 * <li>{@value #APPLY_LAG}: a timer of the time from a release's publication on the config
 * center to its application here (clocks of both hosts, so skew shows; a negative lag is
 * recorded as zero).</li>
 * </ul>
 */
public class McpClientMetrics implements MeterBinder, SyncObserver {

	public static final String APPLIED = "mcp.client.updates.applied";

	public static final String REJECTED = "mcp.client.updates.rejected";

	public static final String RECONNECTS = "mcp.client.reconnects";

	public static final String SYNC_AGE = "mcp.client.sync.age";

	public static final String CONFIG_VERSION = "mcp.client.config.version";

	public static final String APPLY_LAG = "mcp.client.apply.lag";

	// Every code the client sends, registered up front so that a first NACK is a rise
	// from zero, not a new series.
	private static final List<NackCode> REJECTION_CODES = Arrays.stream(NackCode.values())
		.filter((code) -> code != NackCode.NACK_CODE_UNSPECIFIED && code != NackCode.UNRECOGNIZED)
		.toList();

	private final McpConfigClient client;

	private final SyncStatusTracker tracker;

	private final Clock clock;

	// One per registry this binder is bound to.
	private final List<Timer> applyLags = new CopyOnWriteArrayList<>();

	public McpClientMetrics(McpConfigClient client, SyncStatusTracker tracker, Clock clock) {
		this.client = client;
		this.tracker = tracker;
		this.clock = clock;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		ConfigTarget target = this.client.target();
		Tags tags = Tags.of("app", target.app(), "env", target.env());
		FunctionCounter.builder(APPLIED, this.tracker, (tracker) -> tracker.status().updatesApplied())
			.description("Releases pushed by the config center and applied")
			.tags(tags)
			.register(registry);
		for (NackCode code : REJECTION_CODES) {
			FunctionCounter.builder(REJECTED, this.tracker, (tracker) -> tracker.status().rejectedCount(code))
				.description("Updates rejected with a NACK, by NACK code")
				.tags(tags)
				.tag("reason", code.name())
				.register(registry);
		}
		FunctionCounter.builder(RECONNECTS, this.tracker, (tracker) -> tracker.status().reconnects())
			.description("Times the sync stream to the config center was re-opened")
			.tags(tags)
			.register(registry);
		Gauge.builder(SYNC_AGE, this.tracker, (tracker) -> seconds(tracker.status().syncAge(this.clock.instant())))
			.description("Time since the config center last confirmed the configuration this instance holds")
			.baseUnit("seconds")
			.tags(tags)
			.register(registry);
		Gauge.builder(CONFIG_VERSION, this.client, (client) -> client.held().version())
			.description("Version of the configuration this instance holds, 0 for none")
			.tags(tags)
			.register(registry);
		this.applyLags.add(Timer.builder(APPLY_LAG)
			.description("Time from a release's publication on the config center to its application here")
			.tags(tags)
			.register(registry));
	}

	@Override
	public void applied(HeldConfig applied) {
		if (applied.publishedAt().equals(Instant.EPOCH)) {
			return; // publication time unknown
		}
		Duration lag = Duration.between(applied.publishedAt(), this.clock.instant());
		Duration recorded = lag.isNegative() ? Duration.ZERO : lag;
		this.applyLags.forEach((timer) -> timer.record(recorded));
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

}
