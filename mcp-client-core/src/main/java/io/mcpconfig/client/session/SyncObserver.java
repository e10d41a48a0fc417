package io.mcpconfig.client.session;

import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.refresh.ApplyTimings;
import io.mcpconfig.protocol.v1.NackCode;

/**
 * Told what the {@link SyncSession} does, for health and metrics: every method has a no-op
 * default, so an observer overrides only what it needs. Called on the session thread, in
 * order, after the session has acted (an ACK or NACK is already sent); an observer that
 * throws is logged and never disturbs the session. Every {@code SyncObserver} bean of the
 * application context is told.
 */
public interface SyncObserver {

	/**
	 * The session opened a {@code Sync} stream and subscribed.
	 * @param reopened whether it replaces an earlier stream (broken, silent or drifted):
	 * a reconnection
	 */
	default void streamOpened(boolean reopened) {
	}

	/**
	 * The config center answered on the current stream for the first time.
	 * @param server the address the stream is connected to ({@code host:port}), or
	 * {@code null} if the transport did not say
	 */
	default void connected(String server) {
	}

	/**
	 * The current stream ended, or was dropped by the session.
	 * @param reason why, in words
	 */
	default void disconnected(String reason) {
	}

	/**
	 * The config center confirmed that this instance holds its current configuration: a
	 * heartbeat answer that names the held version and checksum, or a re-sent update of
	 * the held version, acknowledged.
	 */
	default void confirmed() {
	}

	/**
	 * The config center answered a heartbeat that it cannot reach the store it shares with
	 * other replicas, so it cannot confirm that what this instance holds is current. Until
	 * it, or another center, confirms again, or pushes a release, the instance runs
	 * unconfirmed.
	 * @param reason why, in words, naming the center
	 */
	default void unconfirmed(String reason) {
	}

	/**
	 * The config center that answered it cannot reach its store names a release again: it
	 * can confirm what this instance holds, or not, as before. Told before what the answer
	 * itself means ({@link #confirmed()}, or nothing when it names a release the instance
	 * refused).
	 */
	default void storeReachable() {
	}

	/**
	 * A pushed release was applied and acknowledged.
	 * @param applied the configuration now held
	 */
	default void applied(HeldConfig applied) {
	}

	/**
	 * A pushed release was applied and acknowledged, with the time each stage of applying
	 * it was reached. By default {@link #applied(HeldConfig)}: override this one to see
	 * where the time went.
	 * @param applied the configuration now held
	 * @param timings when it arrived, was verified, checked, swapped, announced,
	 * refreshed, written to the snapshot and acknowledged
	 */
	default void applied(HeldConfig applied, ApplyTimings timings) {
		applied(applied);
	}

	/**
	 * A pushed update was rejected with a NACK; the previous configuration stays.
	 * @param version the rejected version
	 * @param code the NACK code
	 * @param reason the NACK reason
	 */
	default void rejected(long version, NackCode code, String reason) {
	}

}
