package io.mcpconfig.bench.streams;

import java.io.IOException;
import java.time.Duration;

import io.mcpconfig.testsupport.protocol.ClientsStatus;

/** Polls the fleet until enough of it is where a scenario waits for it, or a deadline passes. */
final class Waiting {

	private static final Duration POLL = Duration.ofMillis(50);

	private Waiting() {
	}

	/** What the fleet answers about one version. */
	@FunctionalInterface
	interface Count {

		int of(ClientsStatus status);

	}

	/**
	 * Waits until {@code count} reaches the fleet's size.
	 * @return the last status seen
	 */
	static ClientsStatus until(StreamFleet fleet, long version, Count count, Duration timeout)
			throws IOException, InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		ClientsStatus status = fleet.status(version);
		while (count.of(status) < fleet.streams() && System.nanoTime() < deadline) {
			Thread.sleep(POLL.toMillis());
			status = fleet.status(version);
		}
		return status;
	}

}
