package io.mcpconfig.server.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;

/**
 * The running gray release of a target as the admin API shows it: its rule, its patch,
 * and every instance it reaches with where that instance stands.
 *
 * @param currentVersion the target's current release
 * @param version the release at which the rule or patch was last set
 * @param id the gray's id (the salt of its percentage buckets)
 * @param percentage of the instances matching the selector
 * @param selector the population, {@code ""} for every instance
 * @param instances ids always in
 * @param abortOnNack whether the first NACK aborts it
 * @param author who last set it
 * @param startedAt when it started
 * @param patch what it sets and removes
 * @param matched the connected instances in the gray
 * @param counts how many of them applied it, wait for it, refused it
 */
public record GrayView(long currentVersion, long version, String id, int percentage, String selector,
		SortedSet<String> instances, boolean abortOnNack, String author, Instant startedAt, Patch patch,
		List<MatchedInstance> matched, Counts counts) {

	/**
	 * @param set keys set, sorted
	 * @param remove keys removed
	 */
	public record Patch(Map<String, String> set, SortedSet<String> remove) {

		static Patch of(GrayPatch patch) {
			return new Patch(new TreeMap<>(patch.upserts()), patch.removals());
		}

	}

	/**
	 * A connected instance in the gray.
	 *
	 * @param instanceId its id
	 * @param host its host
	 * @param labels its labels
	 * @param serverId the replica that holds its session
	 * @param state whether it runs the gray's configuration
	 * @param version the version it holds
	 * @param checksum the checksum of what it holds
	 * @param nackReason why it refused, when it did
	 */
	public record MatchedInstance(String instanceId, String host, Map<String, String> labels, String serverId,
			State state, long version, String checksum, String nackReason) {
	}

	/** Where a gray instance stands. */
	public enum State {

		/** It runs what the gray gives it now. */
		APPLIED,

		/** It was sent it, or will be, and has not answered. */
		PENDING,

		/** It refused it; see the reason. */
		NACKED

	}

	/**
	 * @param matched instances in the gray
	 * @param applied of those, running it
	 * @param pending waiting for it
	 * @param nacked refused it
	 */
	public record Counts(int matched, int applied, int pending, int nacked) {

		static Counts of(List<MatchedInstance> matched) {
			int applied = 0;
			int nacked = 0;
			for (MatchedInstance instance : matched) {
				applied += (instance.state() == State.APPLIED) ? 1 : 0;
				nacked += (instance.state() == State.NACKED) ? 1 : 0;
			}
			return new Counts(matched.size(), applied, matched.size() - applied - nacked, nacked);
		}

	}

}
