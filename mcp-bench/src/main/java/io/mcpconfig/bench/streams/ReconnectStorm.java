package io.mcpconfig.bench.streams;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mcpconfig.testsupport.protocol.ClientsStatus;

/**
 * Kills the center with SIGKILL while the whole fleet is subscribed, starts it again on
 * the same data and ports, and measures how the fleet comes back: when each client is
 * subscribed again and confirmed current, how many streams it opened to get there, and
 * which did not make it within the timeout.
 */
final class ReconnectStorm {

	/**
	 * What one storm measured.
	 *
	 * @param downSeconds from the kill until the restarted center's health was UP
	 * @param backAfterUpSeconds from UP until each client was back (0 for one back before)
	 * @param allBackAfterUpSeconds from UP until the last client was back
	 * @param attempts streams each client opened from the kill until it was back
	 * @param starved clients not back within the timeout
	 * @param ends sessions that ended from the kill on, by status code
	 */
	record Result(double downSeconds, Spread backAfterUpSeconds, double allBackAfterUpSeconds, Spread attempts,
			int starved, Map<String, Long> ends) {
	}

	private ReconnectStorm() {
	}

	static Result run(CenterUnderTest center, StreamFleet fleet, long version, Duration timeout)
			throws IOException, InterruptedException {
		ClientsStatus before = fleet.status(version);
		long[] opensBefore = fleet.opens();
		long kill = System.nanoTime();
		center.kill();
		center.restart();
		long up = System.nanoTime();
		ClientsStatus after = Waiting.until(fleet, version, ClientsStatus::confirmed, timeout);
		long[] confirmed = fleet.confirmedNanos();
		long[] opens = fleet.opens();
		List<Double> back = new ArrayList<>();
		List<Double> attempts = new ArrayList<>();
		int starved = 0;
		double last = 0;
		for (int i = 0; i < confirmed.length; i++) {
			attempts.add((double) (opens[i] - opensBefore[i]));
			// confirmed before the kill: its old stream has not noticed yet, it is not back
			if (confirmed[i] <= kill) {
				starved++;
				continue;
			}
			double seconds = Math.max(0, confirmed[i] - up) / 1e9;
			back.add(seconds);
			last = Math.max(last, seconds);
		}
		return new Result((up - kill) / 1e9, Spread.of(back.stream().mapToDouble(Double::doubleValue).toArray()),
				last, Spread.of(attempts.stream().mapToDouble(Double::doubleValue).toArray()), starved,
				after.endsSince(before));
	}

}
