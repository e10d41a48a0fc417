package io.mcpconfig.testsupport.protocol;

import java.util.Map;
import java.util.Optional;

import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.NackCode;

/**
 * What a client does with a {@link ConfigUpdate}, by the rules of docs/protocol.md: an
 * older version is ignored (unless it replaces a newer one the center lost), the held
 * version and checksum are acknowledged again, a delta must start from the held version
 * ({@code BASE_MISMATCH}), and the result must hash to the update's checksum
 * ({@code CHECKSUM_MISMATCH}) before it is applied and acknowledged.
 */
sealed interface UpdateDecision {

	static UpdateDecision of(Held held, ConfigUpdate update, VerifiedConfigs configs) {
		if (update.getVersion() < held.version() && !(update.getFull() && update.getReplacesNewer())) {
			return new Ignore();
		}
		if (held.is(update.getVersion(), update.getChecksum())) {
			return new Acknowledge();
		}
		if (!update.getFull() && (held.version() == 0 || update.getBaseVersion() != held.version())) {
			return new Reject(NackCode.BASE_MISMATCH,
					"delta from " + update.getBaseVersion() + ", this instance holds " + held.version());
		}
		Optional<Map<String, String>> result = configs.apply(held, update.getFull(), update.getUpsertsMap(),
				update.getRemovalsList(), update.getChecksum());
		if (result.isEmpty()) {
			return new Reject(NackCode.CHECKSUM_MISMATCH,
					"version " + update.getVersion() + " does not hash to " + update.getChecksum());
		}
		return new Apply(new Held(update.getVersion(), update.getChecksum(), result.get()));
	}

	/** Hold {@code next}, then ACK. */
	record Apply(Held next) implements UpdateDecision {
	}

	/** Already held (a re-sent update): ACK again. */
	record Acknowledge() implements UpdateDecision {
	}

	/** Older than what is held: no answer. */
	record Ignore() implements UpdateDecision {
	}

	/** NACK, keep what is held. */
	record Reject(NackCode code, String reason) implements UpdateDecision {
	}

}
