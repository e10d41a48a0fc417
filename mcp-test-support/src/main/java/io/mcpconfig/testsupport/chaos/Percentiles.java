package io.mcpconfig.testsupport.chaos;

import java.util.Arrays;
import java.util.Locale;

/**
 * Nearest-rank percentiles of a sample; all zeros with {@code n} 0 for an empty one.
 *
 * @param p50 median
 * @param p90 90th percentile
 * @param p99 99th percentile
 * @param max largest value
 * @param n how many values
 */
public record Percentiles(double p50, double p90, double p99, double max, int n) {

	static Percentiles of(double[] values) {
		if (values.length == 0) {
			return new Percentiles(0, 0, 0, 0, 0);
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return new Percentiles(rank(sorted, 0.50), rank(sorted, 0.90), rank(sorted, 0.99), sorted[sorted.length - 1],
				sorted.length);
	}

	private static double rank(double[] sorted, double p) {
		return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "%.0f / %.0f / %.0f / %.0f (n=%d)", this.p50, this.p90, this.p99, this.max,
				this.n);
	}

}
