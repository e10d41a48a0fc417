package io.mcpconfig.testsupport.chaos;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a chaos soak did and found.
 *
 * @param settings what ran
 * @param seconds wall time of publishes and faults
 * @param settleSeconds from the end of the faults until every client and app held the last release
 * @param accepted publishes the center accepted
 * @param publishFailures failed attempts by why (an attempt that failed was retried on the next replica)
 * @param notPublished publishes that no replica accepted
 * @param lastVersion the center's last release after the run
 * @param kills by kind ({@code replica}, {@code etcd member})
 * @param restartFailures restarts that had to be tried again, by kind
 * @param reconnects streams the clients opened beyond their first
 * @param streamEnds the clients' streams that ended, by status code
 * @param lagMillis from the start of each accepted publish until each client held it or a newer version
 * @param skippedOnOneStream versions clients never held although their stream stayed open (coalesced pushes)
 * @param skippedAcrossReconnects versions clients never held because they arrived as one update after a reconnect
 * @param appChanges how many change events each app received
 * @param heap each replica's heap after a full GC, if measured
 * @param violations every broken rule of {@link SoakChecks}; empty when the soak passed
 */
public record SoakReport(SoakSettings settings, double seconds, double settleSeconds, int accepted,
		Map<String, Long> publishFailures, long notPublished, long lastVersion, Map<String, Long> kills,
		Map<String, Long> restartFailures, long reconnects, Map<String, Long> streamEnds, Percentiles lagMillis,
		long skippedOnOneStream, long skippedAcrossReconnects, Map<String, Integer> appChanges,
		List<HeapSample> heap, List<String> violations) {

	/**
	 * One reading of a replica's heap.
	 * @param replica its index
	 * @param phase {@code start}, {@code middle} or {@code end}
	 * @param mib used heap right after a full GC; negative when the replica was down
	 * @param kills how often it had been killed by then (each a fresh JVM)
	 */
	public record HeapSample(int replica, String phase, double mib, long kills) {
	}

	/** The report as lines to print. */
	public String text() {
		StringBuilder out = new StringBuilder();
		line(out, "chaos soak: %d replicas, %d etcd members, %d clients + %d apps, %.1f publishes/s, a kill every ~%d s, seed %d",
				this.settings.replicas(), this.settings.etcdMembers(), this.settings.clients(), this.appChanges.size(),
				this.settings.publishesPerSecond(), this.settings.killEvery().toSeconds(), this.settings.seed());
		line(out, "ran %.0f s, settled in %.1f s", this.seconds, this.settleSeconds);
		line(out, "publishes accepted %d (%.2f/s; last version %d), failed attempts %s, not published %d",
				this.accepted, this.accepted / this.seconds, this.lastVersion, this.publishFailures, this.notPublished);
		line(out, "kills %s, restarts tried again %s", this.kills, this.restartFailures);
		line(out, "client reconnects %d, stream ends %s", this.reconnects, this.streamEnds);
		line(out, "publish-to-apply lag per client, ms p50 / p90 / p99 / max: %s", this.lagMillis);
		line(out, "versions skipped: %d on an open stream (coalesced), %d across reconnects", this.skippedOnOneStream,
				this.skippedAcrossReconnects);
		line(out, "app change events %s", this.appChanges);
		for (HeapSample sample : this.heap) {
			line(out, "replica %d heap after GC at %s: %s (killed %d times before)", sample.replica(), sample.phase(),
					(sample.mib() < 0) ? "down" : String.format(Locale.ROOT, "%.1f MiB", sample.mib()), sample.kills());
		}
		line(out, this.violations.isEmpty() ? "all checks held" : "VIOLATIONS:");
		this.violations.forEach((violation) -> line(out, "  %s", violation));
		return out.toString();
	}

	private static void line(StringBuilder out, String format, Object... args) {
		out.append(String.format(Locale.ROOT, format, args)).append('\n');
	}

}
