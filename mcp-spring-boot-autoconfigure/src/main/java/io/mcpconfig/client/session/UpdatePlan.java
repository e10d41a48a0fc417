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
 * What to do with a {@link ConfigUpdate}, given what the instance holds:
 * <ul>
 * <li>a version older than the held one is {@linkplain Ignore ignored};</li>
 * <li>the held version with the held checksum is {@linkplain Acknowledge acknowledged}
 * again (a re-sent update whose ACK was lost);</li>
 * <li>otherwise the new properties are built, from scratch for a full update or from the
 * held ones for a delta, whose base must be the held version ({@link NackCode#BASE_MISMATCH}
 * otherwise); their checksum must match the update's ({@link NackCode#CHECKSUM_MISMATCH}
 * otherwise) before they are {@linkplain Apply applied}. A full update of the held
 * version with another checksum repairs drift.</li>
 * </ul>
 */
sealed interface UpdatePlan {

	static UpdatePlan of(HeldConfig held, ConfigUpdate update, Instant now) {
		if (update.getVersion() < held.version()) {
			return new Ignore("version " + update.getVersion() + " is older than the held version " + held.version());
		}
		if (update.getVersion() == held.version() && update.getChecksum().equals(held.checksum())) {
			return new Acknowledge();
		}
		Map<String, String> properties;
		if (update.getFull()) {
			properties = update.getUpsertsMap();
		}
		else if (update.getBaseVersion() != held.version()) {
			return new Reject(NackCode.BASE_MISMATCH, "delta from version " + update.getBaseVersion()
					+ ", but this instance holds version " + held.version());
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

	/** NACK with the code and reason; keep what is held. */
	record Reject(NackCode code, String reason) implements UpdatePlan {
	}

}
