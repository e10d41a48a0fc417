package io.mcpconfig.client.session;

/**
 * A release the application refused ({@code APPLY_FAILED}). The center may offer it again,
 * on a new subscription or in heartbeat answers; it is then refused again from memory,
 * without being applied, and heartbeat answers naming it are not drift.
 *
 * @param version the refused version
 * @param checksum its checksum
 * @param reason why it was refused
 */
record RefusedRelease(long version, String checksum, String reason) {

	boolean is(long version, String checksum) {
		return this.version == version && this.checksum.equals(checksum);
	}

}
