package io.mcpconfig.bench.streams;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.mcpconfig.testsupport.protocol.ClientsStatus;

/**
 * Publishes to a subscribed fleet and measures, per publish, the time from the start of
 * the admin {@code PUT} until each client applied it (checksum verified): every client,
 * and the last one; and, from the center's own meter, how long it took on average from the
 * release stored to its update handed to a stream, against the clients' mean: what the
 * center's share is. The next publish starts once every client applied the previous one,
 * or its apply timeout passed. The counter key makes each publish a change of one key.
 */
final class PublishSeries {

	/** Below this share of clients applying in time, the rest of the series is not tried. */
	private static final double GIVE_UP_BELOW = 0.5;

	private final CenterUnderTest center;

	private final StreamFleet fleet;

	private final Duration applyTimeout;

	private long counter;

	private long version;

	/**
	 * What one series measured.
	 *
	 * @param name what was published
	 * @param keys keys of the configuration
	 * @param publishes publishes made
	 * @param answeredMs from the start of each PUT until it was answered
	 * @param eachClientMs from the start of each PUT until each client applied it
	 * @param lastClientMs until the last client applied it, one value a publish
	 * @param clientMeanMs the mean of each client's time, one value a publish
	 * @param centerMeanMs from the release stored to its update handed to a stream, the
	 * center's mean, one value a publish; empty for a center without that meter
	 * @param missed (client, publish) pairs not applied within the timeout
	 * @param ends sessions that ended during the series, by status code
	 * @param stopped why the series stopped early, {@code null} when it did not
	 */
	record Result(String name, int keys, int publishes, Spread answeredMs, Spread eachClientMs, Spread lastClientMs,
			Spread clientMeanMs, Spread centerMeanMs, long missed, Map<String, Long> ends, String stopped) {
	}

	PublishSeries(CenterUnderTest center, StreamFleet fleet, Duration applyTimeout) {
		this.center = center;
		this.fleet = fleet;
		this.applyTimeout = applyTimeout;
	}

	/** The first release, before the fleet subscribes; answers its version. */
	long publishInitial(int keys) {
		this.version = this.center.publish(new ConfigBody(keys, ++this.counter));
		return this.version;
	}

	/** The version the fleet should hold after the last publish. */
	long version() {
		return this.version;
	}

	Result run(String name, int keys, int publishes) throws IOException, InterruptedException {
		ClientsStatus before = this.fleet.status(this.version);
		List<Double> answered = new ArrayList<>();
		List<Double> eachClient = new ArrayList<>();
		List<Double> lastClient = new ArrayList<>();
		List<Double> clientMean = new ArrayList<>();
		List<Double> centerMean = new ArrayList<>();
		long missed = 0;
		String stopped = null;
		int made = 0;
		while (made < publishes) {
			CenterUnderTest.PushLag lagBefore = this.center.pushLag();
			long start = System.nanoTime();
			this.version = this.center.publish(new ConfigBody(keys, ++this.counter));
			answered.add((System.nanoTime() - start) / 1e6);
			made++;
			ClientsStatus status = Waiting.until(this.fleet, this.version, ClientsStatus::atVersion,
					this.applyTimeout);
			long last = 0;
			int firstOfPublish = eachClient.size();
			for (long nanos : this.fleet.appliedNanos(this.version)) {
				if (nanos == 0) {
					missed++;
				}
				else {
					eachClient.add((nanos - start) / 1e6);
					last = Math.max(last, nanos - start);
				}
			}
			lastClient.add(last / 1e6);
			clientMean.add(eachClient.subList(firstOfPublish, eachClient.size())
				.stream()
				.mapToDouble(Double::doubleValue)
				.average()
				.orElse(0));
			CenterUnderTest.PushLag lagAfter = this.center.pushLag();
			if (lagBefore != null && lagAfter != null) {
				centerMean.add(lagAfter.meanMsSince(lagBefore));
			}
			if (status.atVersion() < this.fleet.streams() * GIVE_UP_BELOW) {
				stopped = "only " + status.atVersion() + " of " + this.fleet.streams() + " clients applied version "
						+ this.version + " within " + this.applyTimeout
						+ (this.center.isAlive() ? "" : "; the center's process is gone");
				break;
			}
		}
		return new Result(name, keys, made, spread(answered), spread(eachClient), spread(lastClient),
				spread(clientMean), spread(centerMean), missed,
				this.fleet.status(this.version).endsSince(before), stopped);
	}

	private static Spread spread(List<Double> values) {
		return Spread.of(values.stream().mapToDouble(Double::doubleValue).toArray());
	}

}
