package io.mcpconfig.bench;

import java.util.Locale;
import java.util.stream.LongStream;

/** A sample of latencies with nearest-rank percentiles, in milliseconds. */
final class Latencies {

	private final long[] sortedNanos;

	private Latencies(long[] sortedNanos) {
		if (sortedNanos.length == 0) {
			throw new IllegalArgumentException("no latencies measured");
		}
		this.sortedNanos = sortedNanos;
	}

	static Latencies of(LongStream nanos) {
		return new Latencies(nanos.sorted().toArray());
	}

	double median() {
		return percentile(0.50);
	}

	double percentile(double p) {
		int rank = (int) Math.ceil(p * this.sortedNanos.length);
		return this.sortedNanos[Math.max(0, rank - 1)] / 1e6;
	}

	/** {@code p50 / p90 / p99 / max}. */
	String summary() {
		return String.format(Locale.ROOT, "%.2f / %.2f / %.2f / %.2f", median(), percentile(0.90), percentile(0.99),
				this.sortedNanos[this.sortedNanos.length - 1] / 1e6);
	}

}
