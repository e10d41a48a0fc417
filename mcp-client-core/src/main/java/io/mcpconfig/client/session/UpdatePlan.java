package io.mcpconfig.client.session;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.NackCode;

/**
 * What to do with a {@link ConfigUpdate}, given what the instance holds (as the center
 * knows it, {@link HeldRelease}) and the release it last refused:
 * <ul>
 * <li>an update naming another target than the one followed is {@linkplain Misdirected
 * left alone}: no stream carries two targets, so it is the center's fault, and no answer
 * could bring the right one;</li>
 * <li>a version older than the held one is {@linkplain Ignore ignored}, unless the center
 * marks a full update as replacing a newer release it no longer has (a store restored from
 * a backup);</li>
 * <li>the held version with the held checksum is {@linkplain Acknowledge acknowledged}
 * again (a re-sent update whose ACK was lost);</li>
 * <li>the refused version with the refused checksum is {@linkplain Reject rejected} again
 * with the code it was refused with, without being applied;</li>
 * <li>otherwise the new properties are built, from scratch for a full update or from the
 * held ones for a delta, whose base must be the held release and older than its version
 * ({@link NackCode#BASE_MISMATCH} otherwise); their checksum must match the update's ({@link NackCode#CHECKSUM_MISMATCH}
 * otherwise) before they are {@linkplain Apply applied}. A full update of the held
 * version with another checksum repairs drift.</li>
 * </ul>
 */
sealed interface UpdatePlan {

	/**
	 * Plans an update.
	 * @param held what the instance holds
	 * @param refused the release the application last refused, {@code null} for none
	 * @param update the update
	 * @param now the current time
	 * @return the plan
	 */
	static UpdatePlan of(HeldConfig held, RefusedRelease refused, ConfigUpdate update, Instant now) {
		if (update.hasTarget() && !(update.getTarget().getApp().equals(held.target().app())
				&& update.getTarget().getEnv().equals(held.target().env()))) {
			return new Misdirected("an update of " + update.getTarget().getApp() + "/" + update.getTarget().getEnv()
					+ " version " + update.getVersion() + " came on the stream of " + held.target().app() + "/"
					+ held.target().env());
		}
		HeldRelease release = HeldRelease.of(held);
		if (update.getVersion() < release.version() && !(update.getFull() && update.getReplacesNewer())) {
			return new Ignore(
					"version " + update.getVersion() + " is older than the held version " + release.version());
		}
		if (release.is(update.getVersion(), update.getChecksum())) {
			return new Acknowledge();
		}
		if (refused != null && refused.is(update.getVersion(), update.getChecksum())) {
			return new Reject(refused.code(),
					"version " + update.getVersion() + " was refused before: " + refused.reason());
		}
		Map<String, String> properties;
		if (update.getFull()) {
			properties = update.getUpsertsMap();
		}
		else if (release.version() == 0 || update.getBaseVersion() != release.version()) {
			return new Reject(NackCode.BASE_MISMATCH, "delta from version " + update.getBaseVersion()
					+ ", but this instance holds version " + release.version());
		}
		else if (update.getVersion() <= update.getBaseVersion()) {
			// another content at the held version comes in full (drift repair), never as a delta
			return new Reject(NackCode.BASE_MISMATCH, "a delta to version " + update.getVersion()
					+ " from version " + update.getBaseVersion() + " does not move forward");
		}
		else {
			properties = new HashMap<>(held.properties());
			update.getRemovalsList().forEach(properties::remove);
			properties.putAll(update.getUpsertsMap());
		}
		String checksum = ConfigChecksum.of(properties);
		if (!checksum.equals(update.getChecksum())) {
			return new Reject(NackCode.CHECKSUM_MISMATCH, "version " + update.getVersion() + " hashes to " + checksum
					+ " after applying, the update says " + update.getChecksum());
		}
		return new Apply(new HeldConfig(held.target(), update.getVersion(), checksum, properties, ConfigSource.REMOTE,
				Instant.ofEpochMilli(update.getPublishedAtMillis()), now));
	}

	/** Apply the configuration, then ACK. */
	record Apply(HeldConfig next) implements UpdatePlan {
	}

	/** Already held: ACK without applying anything. */
	record Acknowledge() implements UpdatePlan {
	}

	/** Neither apply nor answer. */
	record Ignore(String reason) implements UpdatePlan {
	}

	/** Meant for another target: neither apply nor answer, and say so. */
	record Misdirected(String reason) implements UpdatePlan {
	}

	/** NACK with the code and reason; keep what is held. */
	record Reject(NackCode code, String reason) implements UpdatePlan {
	}

}
