package io.mcpconfig.client.session;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long the sync session waits before re-opening a broken stream: exponential
 * back-off from the initial delay up to the maximum, with jitter so that the instances
 * of a restarted config center do not all reconnect at the same moment. Used by one
 * thread.
 */
final class ReconnectSchedule {

	private final long initialMillis;

	private final long maxMillis;

	private int failures;

	ReconnectSchedule(Duration initial, Duration max) {
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
	Duration next() {
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
	void reset() {
		this.failures = 0;
	}

}
