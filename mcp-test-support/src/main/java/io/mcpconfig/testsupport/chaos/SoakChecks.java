package io.mcpconfig.testsupport.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.testsupport.chaos.AppObservation.Change;
import io.mcpconfig.testsupport.chaos.Publisher.Publication;
import io.mcpconfig.testsupport.protocol.ClientRecords.AppliedVersion;

/**
 * The soak's verdict on what it recorded, once faults stopped and everything settled. A
 * pure function of the records, so each rule is tested on its own. The rules:
 * <ol>
 * <li>Every publish the center accepted (2xx) is in the center's history after the run,
 * with the checksum it answered: no accepted publish is lost.</li>
 * <li>The history holds no version the publisher does not know of, beyond as many as its
 * unanswered attempts (a timed-out publish may have committed).</li>
 * <li>Each client's history of applied versions is strictly increasing.</li>
 * <li>Every version a client applied (and so acknowledged) is in the center's history
 * after the run, with the checksum the client verified: the client never ran a
 * configuration that was not published, and what it acknowledged is durable.</li>
 * <li>Every client and every app ends on the center's last release (version and checksum).</li>
 * <li>Each app's change events go forward, each from the version the one before went to,
 * to a version in the history.</li>
 * <li>Every version in the history has exactly one entry in the audit log: a replica killed
 * between storing a release and its entry must not leave a release nobody is named for.</li>
 * </ol>
 * A client may skip versions: the center coalesces releases while a push waits for its
 * ACK and sends one update after a reconnect, so a skipped version is counted (on one
 * stream, across a reconnect), not a violation. Lag figures: for each accepted publish and
 * each client that already held a release when it started, from the start of the accepted
 * {@code PUT} until the client held that version or a newer one.
 */
final class SoakChecks {

	private static final int EXAMPLES = 3;

	private final Map<String, Integer> counts = new LinkedHashMap<>();

	private final Map<String, List<String>> examples = new LinkedHashMap<>();

	private final List<Double> lags = new ArrayList<>();

	private long skippedOnOneStream;

	private long skippedAcrossReconnects;

	/**
	 * @param released the center's retained releases after the run, version to checksum
	 * @param audited how many audit entries the log holds of each version
	 * @param unanswered publish attempts that got no answer
	 */
	static SoakChecks of(NavigableMap<Long, String> released, Map<Long, Integer> audited,
			List<Publication> accepted, long unanswered, List<List<AppliedVersion>> clients, List<AppObservation> apps) {
		SoakChecks checks = new SoakChecks();
		checks.check(released, accepted, unanswered, clients, apps);
		checks.checkAudit(released, audited);
		return checks;
	}

	private void checkAudit(NavigableMap<Long, String> released, Map<Long, Integer> audited) {
		for (long version : released.keySet()) {
			int entries = audited.getOrDefault(version, 0);
			if (entries != 1) {
				violation((entries == 0) ? "a release without its audit entry" : "a release audited more than once",
						"v" + version + ": " + entries + " entries");
			}
		}
	}

	private void check(NavigableMap<Long, String> released, List<Publication> accepted, long unanswered,
			List<List<AppliedVersion>> clients, List<AppObservation> apps) {
		if (released.isEmpty()) {
			violation("no release in the center's history", "");
			return;
		}
		Map<Long, String> publisher = new HashMap<>();
		for (Publication publication : accepted) {
			String before = publisher.put(publication.version(), publication.checksum());
			if (before != null) {
				violation("a version accepted twice", "v" + publication.version());
			}
			String kept = released.get(publication.version());
			if (!publication.checksum().equals(kept)) {
				violation("an accepted publish is lost", "v" + publication.version() + " " + publication.checksum()
						+ ((kept != null) ? ", the center holds " + kept : ", not in the history"));
			}
		}
		long unknown = released.keySet().stream().filter((version) -> !publisher.containsKey(version)).count();
		if (unknown > unanswered) {
			violation("versions nobody published", unknown + " versions the publisher did not see, "
					+ unanswered + " unanswered attempts");
		}
		Map.Entry<Long, String> last = released.lastEntry();
		for (int client = 0; client < clients.size(); client++) {
			checkClient("client " + client, clients.get(client), released, publisher, last, accepted);
		}
		for (AppObservation app : apps) {
			checkApp(app, released, last);
		}
	}

	private void checkClient(String name, List<AppliedVersion> history, NavigableMap<Long, String> released,
			Map<Long, String> publisher, Map.Entry<Long, String> last, List<Publication> accepted) {
		if (history.isEmpty()) {
			violation("a client applied nothing", name);
			return;
		}
		AppliedVersion previous = null;
		for (AppliedVersion applied : history) {
			String expected = publisher.getOrDefault(applied.version(), released.get(applied.version()));
			if (!applied.checksum().equals(expected)) {
				violation("a client applied a version that was not published so",
						name + " v" + applied.version() + " " + applied.checksum() + ", published: " + expected);
			}
			if (!applied.checksum().equals(released.get(applied.version()))) {
				violation("an acknowledged version is not in the center's history", name + " v" + applied.version());
			}
			if (previous != null) {
				if (applied.version() <= previous.version()) {
					violation("a client's versions went back", name + " v" + previous.version() + " then v"
							+ applied.version());
				}
				else {
					long skipped = released.subMap(previous.version(), false, applied.version(), false).size();
					if (applied.stream() == previous.stream()) {
						this.skippedOnOneStream += skipped;
					}
					else {
						this.skippedAcrossReconnects += skipped;
					}
				}
			}
			previous = applied;
		}
		if (previous.version() != last.getKey() || !previous.checksum().equals(last.getValue())) {
			violation("a client does not end on the last release",
					name + " holds v" + previous.version() + ", the last is v" + last.getKey());
		}
		int at = 0;
		for (Publication publication : accepted) {
			if (publication.startedNanos() < history.get(0).nanos()) {
				// published before the client first held anything: a start-up, not a lag
				continue;
			}
			while (at < history.size() && history.get(at).version() < publication.version()) {
				at++;
			}
			if (at < history.size()) {
				this.lags.add(Math.max(0, history.get(at).nanos() - publication.startedNanos()) / 1e6);
			}
		}
	}

	private void checkApp(AppObservation app, NavigableMap<Long, String> released, Map.Entry<Long, String> last) {
		if (app.version() != last.getKey() || !app.checksum().equals(last.getValue())) {
			violation("an app does not end on the last release",
					app.name() + " holds v" + app.version() + ", the last is v" + last.getKey());
		}
		Change previous = null;
		for (Change change : app.changes()) {
			if (change.newVersion() <= change.oldVersion()) {
				violation("an app's change went back", app.name() + " " + change);
			}
			if (previous != null && change.oldVersion() != previous.newVersion()) {
				violation("an app's changes do not chain", app.name() + " " + previous + " then " + change);
			}
			if (!released.containsKey(change.newVersion())) {
				violation("an app applied a version not in the center's history", app.name() + " " + change);
			}
			previous = change;
		}
	}

	private void violation(String rule, String example) {
		this.counts.merge(rule, 1, Integer::sum);
		List<String> kept = this.examples.computeIfAbsent(rule, (r) -> new ArrayList<>());
		if (kept.size() < EXAMPLES) {
			kept.add(example);
		}
	}

	/** Each broken rule, how often, with a few examples; empty when all held. */
	List<String> violations() {
		List<String> lines = new ArrayList<>();
		this.counts.forEach((rule, count) -> lines.add(rule + " (" + count + "×): " + this.examples.get(rule)));
		return lines;
	}

	/** Publish-to-apply lags in ms, one per (accepted publish, client). */
	double[] lagMillis() {
		return this.lags.stream().mapToDouble(Double::doubleValue).toArray();
	}

	long skippedOnOneStream() {
		return this.skippedOnOneStream;
	}

	long skippedAcrossReconnects() {
		return this.skippedAcrossReconnects;
	}

	/**
	 * Adds the versions of one page of the admin API's {@code audit} answer.
	 * @return how many entries the page held
	 */
	static int countAudited(JsonNode page, Map<Long, Integer> audited) {
		JsonNode entries = page.get("entries");
		entries.forEach((entry) -> audited.merge(entry.get("version").asLong(), 1, Integer::sum));
		return entries.size();
	}

	/** The history as the checks want it, from the admin API's {@code releases} answer. */
	static NavigableMap<Long, String> released(Iterable<JsonNode> releases) {
		NavigableMap<Long, String> released = new TreeMap<>();
		releases.forEach((release) -> released.put(release.get("version").asLong(), release.get("checksum").asText()));
		return released;
	}

}
