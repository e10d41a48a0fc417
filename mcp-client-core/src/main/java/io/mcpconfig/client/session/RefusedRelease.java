package io.mcpconfig.client.session;

import io.mcpconfig.protocol.v1.NackCode;

/**
 * A release this instance refused for good: the application would not take it
 * ({@code APPLY_FAILED}), or its full content does not hash to its checksum
 * ({@code CHECKSUM_MISMATCH}: sent again, it would not either). The center may offer it
 * again, on a new subscription or in heartbeat answers; it is then refused again from
 * memory, without being applied, and heartbeat answers naming it are not drift.
 *
 * @param version the refused version
 * @param checksum its checksum, as the update stated it
 * @param code why, as the NACK said
 * @param reason why, in words
 */
record RefusedRelease(long version, String checksum, NackCode code, String reason) {

	boolean is(long version, String checksum) {
		return this.version == version && this.checksum.equals(checksum);
	}

}
