package io.mcpconfig.testsupport.protocol;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a client opens its stream again after it broke: the starter's policy
 * ({@code mcp.client.reconnect}: exponential from 1 s to 30 s, each delay drawn between
 * half and all of the current ceiling) so that a fleet of these clients storms a restarted
 * center as a fleet of real services would. The starter's own class is internal to it.
 * Used by one client at a time.
 */
final class Backoff {

	private final long initialMillis;

	private final long maxMillis;

	private int failures;

	Backoff(Duration initial, Duration max) {
		this.initialMillis = initial.toMillis();
		this.maxMillis = max.toMillis();
	}

	/** The delay before the next attempt; each failure doubles the ceiling up to the maximum. */
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

	/** The center answered on the stream: the next break starts from the initial delay again. */
	void reset() {
		this.failures = 0;
	}

}
