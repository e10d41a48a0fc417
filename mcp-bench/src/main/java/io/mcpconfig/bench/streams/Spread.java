package io.mcpconfig.bench.streams;

import java.util.Arrays;
import java.util.Locale;

/**
 * Nearest-rank p50 / p99 / max of a sample, and its size; an empty sample is all zeros
 * with {@code n} 0.
 *
 * @param p50 median
 * @param p99 99th percentile
 * @param max largest value
 * @param n how many values
 */
record Spread(double p50, double p99, double max, int n) {

	static Spread of(double[] values) {
		if (values.length == 0) {
			return new Spread(0, 0, 0, 0);
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return new Spread(rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1], sorted.length);
	}

	private static double rank(double[] sorted, double p) {
		return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
	}

	/** {@code p50 / p99 / max}, with the given number of decimals. */
	String text(int decimals) {
		String format = "%." + decimals + "f";
		return String.format(Locale.ROOT, format + " / " + format + " / " + format, this.p50, this.p99,
				this.max);
	}

}
