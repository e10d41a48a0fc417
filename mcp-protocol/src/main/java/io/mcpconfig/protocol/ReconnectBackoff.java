package io.mcpconfig.protocol;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a client waits before re-opening a broken stream (protocol rule 9): exponential
 * back-off from the initial delay up to the maximum, with jitter so that the instances
 * of a restarted config center do not all reconnect at the same moment. The starter's
 * policy ({@code mcp.client.reconnect}), shared with the protocol clients of the tests and
 * benchmarks so that their storms are a real fleet's. Used by one thread.
 */
public final class ReconnectBackoff {

	private final long initialMillis;

	private final long maxMillis;

	private int failures;

	public ReconnectBackoff(Duration initial, Duration max) {
		if (initial.isNegative() || initial.isZero()) {
			throw new IllegalArgumentException("mcp.client.reconnect.initial-backoff must be positive, not " + initial);
		}
		if (max.compareTo(initial) < 0) {
			throw new IllegalArgumentException("mcp.client.reconnect.max-backoff (" + max
					+ ") must not be less than mcp.client.reconnect.initial-backoff (" + initial + ")");
		}
		this.initialMillis = initial.toMillis();
		this.maxMillis = max.toMillis();
	}

	/**
	 * The delay before the next attempt, each one up to twice the previous.
	 * @return a delay between half and all of the current back-off
	 */
	public Duration next() {
		long ceiling = this.initialMillis;
		for (int i = 0; i < this.failures && ceiling < this.maxMillis; i++) {
			ceiling *= 2;
		}
		ceiling = Math.min(ceiling, this.maxMillis);
		this.failures++;
		long half = ceiling / 2;
		return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
	}

	/**
	 * Starts again from the initial delay: the config center answered.
	 */
	public void reset() {
		this.failures = 0;
	}

}
