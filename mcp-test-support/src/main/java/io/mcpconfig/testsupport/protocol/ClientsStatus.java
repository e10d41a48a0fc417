package io.mcpconfig.testsupport.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The clients of one process or of all of them, against one version.
 *
 * @param clients how many there are
 * @param atVersion how many hold that version or a newer one
 * @param confirmed how many of those the center confirmed as current on a live stream
 * @param opens streams opened so far, over all clients
 * @param ends sessions that ended so far, by status code ({@code SILENT}: three
 * heartbeats without an answer; {@code UNCONFIRMED}: left for another replica after three
 * answers that the center cannot reach its store; {@code DRIFT}: subscribed again on drift)
 * @param endSamples one description per code
 */
public record ClientsStatus(int clients, int atVersion, int confirmed, long opens, Map<String, Long> ends,
		Map<String, String> endSamples) {

	public static ClientsStatus sum(Iterable<ClientsStatus> parts) {
		int clients = 0;
		int atVersion = 0;
		int confirmed = 0;
		long opens = 0;
		Map<String, Long> ends = new TreeMap<>();
		Map<String, String> samples = new HashMap<>();
		for (ClientsStatus part : parts) {
			clients += part.clients();
			atVersion += part.atVersion();
			confirmed += part.confirmed();
			opens += part.opens();
			part.ends().forEach((code, count) -> ends.merge(code, count, Long::sum));
			part.endSamples().forEach(samples::putIfAbsent);
		}
		return new ClientsStatus(clients, atVersion, confirmed, opens, ends, new TreeMap<>(samples));
	}

	/** The sessions that ended since {@code earlier}, by code. */
	public Map<String, Long> endsSince(ClientsStatus earlier) {
		Map<String, Long> since = new TreeMap<>();
		this.ends.forEach((code, count) -> {
			long delta = count - earlier.ends().getOrDefault(code, 0L);
			if (delta > 0) {
				since.put(code, delta);
			}
		});
		return since;
	}

}
