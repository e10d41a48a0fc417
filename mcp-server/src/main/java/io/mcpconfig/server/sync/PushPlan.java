package io.mcpconfig.server.sync;

import java.util.Optional;

/**
 * What a session sends an instance, given what the instance holds and what it should
 * hold: the server's push decision, free of transport and threads, as
 * {@code UpdatePlan} is the client's.
 * <ul>
 * <li>{@linkplain Nothing nothing} when there is no release, when the instance holds it,
 * or when it is the version the instance refused;</li>
 * <li>{@linkplain Adopt adopt} when the instance holds the same configuration under an
 * older version: an overlay or gray change that does not concern it, or a promoted gray
 * it already runs. It is current; the session knows it under the version it holds, so
 * heartbeats agree and nothing is pushed;</li>
 * <li>a {@linkplain Full full} update marked as replacing a newer version when the
 * instance holds a version the center no longer has (a store restored from a backup);</li>
 * <li>a {@linkplain Delta delta} from what the instance holds when that configuration is
 * known and its checksum is the one the instance reports, after {@linkplain ReadBase
 * reading it} when it is not known yet;</li>
 * <li>a {@linkplain Full full} update otherwise: after a checksum or base mismatch, for
 * an instance that holds nothing, or when the base is gone.</li>
 * </ul>
 */
sealed interface PushPlan {

	/**
	 * Plans the next push; the caller has nothing in flight.
	 * @param held what the instance holds, as it last told
	 * @param latest what it should hold
	 * @param fullRequired whether its state cannot be trusted for a delta
	 * @param rejectedVersion the version it refused to apply, 0 for none
	 * @param base the configuration at {@code held.version()} as read, {@code null} when not read
	 */
	static PushPlan of(Held held, EffectiveConfig latest, boolean fullRequired, long rejectedVersion, Base base) {
		if (latest.version() == 0 || latest.version() == rejectedVersion) {
			return new Nothing();
		}
		boolean sameContent = held.checksum().equals(latest.checksum());
		if (!fullRequired && sameContent && held.version() == latest.version()) {
			return new Nothing();
		}
		if (!fullRequired && sameContent && held.version() > 0 && held.version() < latest.version()) {
			return new Adopt(latest.heldAs(held.version()));
		}
		if (held.version() > latest.version()) {
			return new Full(true);
		}
		if (fullRequired || held.version() == 0 || held.version() == latest.version()) {
			return new Full(false);
		}
		if (base == null || base.version() != held.version()) {
			return new ReadBase(held.version());
		}
		return base.config()
			.filter((config) -> config.checksum().equals(held.checksum()))
			.<PushPlan>map(Delta::new)
			.orElseGet(() -> new Full(false));
	}

	/**
	 * What an instance holds, as it last told (subscribe, ack, heartbeat).
	 *
	 * @param version the version, 0 for none
	 * @param checksum its checksum
	 */
	record Held(long version, String checksum) {
	}

	/**
	 * A configuration the instance held, as read to be the base of a delta.
	 *
	 * @param version the version read
	 * @param config its content for the instance; empty when no longer retained or unreadable
	 */
	record Base(long version, Optional<EffectiveConfig> config) {
	}

	/** Send nothing. */
	record Nothing() implements PushPlan {
	}

	/** Send nothing: the instance holds {@code config} already, under its older version. */
	record Adopt(EffectiveConfig config) implements PushPlan {
	}

	/** Read the configuration at {@code version} as the instance sees it, then plan again. */
	record ReadBase(long version) implements PushPlan {
	}

	/** Send the change from {@code base}. */
	record Delta(EffectiveConfig base) implements PushPlan {
	}

	/** Send everything; {@code replacesNewer}: apply although older than what is held. */
	record Full(boolean replacesNewer) implements PushPlan {
	}

}
