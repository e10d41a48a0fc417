package io.mcpconfig.client.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.protocol.v1.NackCode;

/**
 * What the sync session of this instance has done so far: one immutable value, replaced as
 * a whole on each event, read by the health indicator, the metrics and the {@code mcp}
 * endpoint.
 *
 * @param startedAt when observing began
 * @param server the config center address of the current stream, {@code null} when not
 * connected
 * @param connectedSince when the current stream was first answered, {@code null} when not
 * connected
 * @param lastSync when the config center last confirmed what this instance holds (a
 * fetch, an applied release or a heartbeat answer naming the held version), {@code null}
 * if never
 * @param reconnects how many times the session re-opened its stream
 * @param updatesApplied how many pushed releases were applied
 * @param updatesRejected how many updates were NACKed, by NACK code, sorted and unmodifiable
 * @param lastRejection the last NACK, {@code null} if none
 * @param lastDisconnect why and when the stream to the config center last ended or
 * failed to open (a refused token, an unreachable center), {@code null} if never
 * @param unconfirmed why and since when the center of the current stream cannot confirm
 * what this instance holds (a replica cut off from its store), {@code null} while it can
 */
public record SyncStatus(Instant startedAt, String server, Instant connectedSince, Instant lastSync, long reconnects,
		long updatesApplied, Map<String, Long> updatesRejected, Rejection lastRejection, Disconnect lastDisconnect,
		Unconfirmed unconfirmed) {

	/** The {@link #server()} of a stream whose transport did not tell its address. */
	public static final String UNKNOWN_SERVER = "unknown";

	public SyncStatus {
		Objects.requireNonNull(startedAt, "startedAt");
		updatesRejected = Collections.unmodifiableMap(new TreeMap<>(updatesRejected));
	}

	/**
	 * The status before the session has done anything.
	 * @param held the configuration held at start-up
	 * @param now the current time
	 * @return a status with no connection, whose last sync is the start-up fetch if the
	 * configuration came from the config center
	 */
	public static SyncStatus initial(HeldConfig held, Instant now) {
		Instant fetched = (held.source() == ConfigSource.REMOTE) ? held.receivedAt() : null;
		return new SyncStatus(now, null, null, fetched, 0, 0, Map.of(), null, null, null);
	}

	/**
	 * Whether a stream to the config center is open and has been answered.
	 * @return whether connected
	 */
	public boolean isConnected() {
		return this.connectedSince != null;
	}

	/**
	 * Whether the instance runs without the config center's confirmation of what it holds:
	 * not connected, connected to a center that cannot reach its store, or holding a
	 * snapshot, fallback or empty configuration the config center has not confirmed since. A {@link ConfigSource#LOCAL_FILE local file} is a
	 * chosen mode without a config center, never degraded.
	 * @param held the configuration held now
	 * @return whether degraded
	 */
	public boolean isDegraded(HeldConfig held) {
		if (held.source() == ConfigSource.LOCAL_FILE) {
			return false;
		}
		if (!isConnected() || this.unconfirmed != null) {
			return true;
		}
		boolean confirmed = this.lastSync != null && !this.lastSync.isBefore(held.receivedAt());
		return held.source() != ConfigSource.REMOTE && !confirmed;
	}

	/**
	 * How long since the config center last confirmed what this instance holds; since
	 * observing began if it never did.
	 * @param now the current time
	 * @return the age, never negative
	 */
	public Duration syncAge(Instant now) {
		Duration age = Duration.between((this.lastSync != null) ? this.lastSync : this.startedAt, now);
		return age.isNegative() ? Duration.ZERO : age;
	}

	/**
	 * How many updates were NACKed with the code.
	 * @param code the NACK code
	 * @return the count
	 */
	public long rejectedCount(NackCode code) {
		return this.updatesRejected.getOrDefault(code.name(), 0L);
	}

	SyncStatus withConnection(String server, Instant now) {
		return new SyncStatus(this.startedAt, (server != null) ? server : UNKNOWN_SERVER, now, this.lastSync,
				this.reconnects, this.updatesApplied, this.updatesRejected, this.lastRejection,
				this.lastDisconnect, null);
	}

	SyncStatus withoutConnection(Disconnect disconnect) {
		return new SyncStatus(this.startedAt, null, null, this.lastSync, this.reconnects, this.updatesApplied,
				this.updatesRejected, this.lastRejection, disconnect, null);
	}

	SyncStatus withReconnect() {
		return new SyncStatus(this.startedAt, this.server, this.connectedSince, this.lastSync, this.reconnects + 1,
				this.updatesApplied, this.updatesRejected, this.lastRejection,
				this.lastDisconnect, this.unconfirmed);
	}

	SyncStatus withSync(Instant now) {
		return new SyncStatus(this.startedAt, this.server, this.connectedSince, now, this.reconnects,
				this.updatesApplied, this.updatesRejected, this.lastRejection,
				this.lastDisconnect, null);
	}

	SyncStatus withApplied(Instant now) {
		return new SyncStatus(this.startedAt, this.server, this.connectedSince, now, this.reconnects,
				this.updatesApplied + 1, this.updatesRejected, this.lastRejection,
				this.lastDisconnect, null);
	}

	SyncStatus withUnconfirmed(Unconfirmed unconfirmed) {
		return new SyncStatus(this.startedAt, this.server, this.connectedSince, this.lastSync, this.reconnects,
				this.updatesApplied, this.updatesRejected, this.lastRejection, this.lastDisconnect, unconfirmed);
	}

	SyncStatus withRejection(Rejection rejection) {
		Map<String, Long> rejected = new TreeMap<>(this.updatesRejected);
		rejected.merge(rejection.code(), 1L, Long::sum);
		return new SyncStatus(this.startedAt, this.server, this.connectedSince, this.lastSync, this.reconnects,
				this.updatesApplied, rejected, rejection, this.lastDisconnect, this.unconfirmed);
	}

	/**
	 * The end of a stream to the config center.
	 *
	 * @param reason why, in words: the status and the center's description
	 * @param at when
	 */
	public record Disconnect(String reason, Instant at) {
	}

	/**
	 * A config center that cannot confirm what this instance holds.
	 *
	 * @param reason why, in words, naming the center
	 * @param since its first such answer in a row
	 */
	public record Unconfirmed(String reason, Instant since) {
	}

	/**
	 * One NACK sent to the config center.
	 *
	 * @param version the rejected version
	 * @param code the NACK code, such as {@code CHECKSUM_MISMATCH}
	 * @param reason why, in words
	 * @param at when
	 */
	public record Rejection(long version, String code, String reason, Instant at) {
	}

}
