package io.mcpconfig.client.session;

import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.protocol.ConfigChecksum;

/**
 * What an instance holds as the config center knows it: the release version and checksum
 * it subscribes and heartbeats with. A configuration from the center, fetched or from the
 * local snapshot, is that release; a fallback or empty configuration is no release at all
 * (version 0 and the empty checksum, as the center describes a target without one), so
 * the center answers with its full configuration and never takes the fallback for one of
 * its releases.
 *
 * @param version the release version, 0 for none
 * @param checksum the release checksum
 */
record HeldRelease(long version, String checksum) {

	static final HeldRelease NONE = new HeldRelease(0, ConfigChecksum.EMPTY);

	static HeldRelease of(HeldConfig held) {
		return switch (held.source()) {
			case REMOTE, SNAPSHOT -> new HeldRelease(held.version(), held.checksum());
			case FALLBACK, LOCAL_FILE, EMPTY -> NONE;
		};
	}

	boolean is(long version, String checksum) {
		return this.version == version && this.checksum.equals(checksum);
	}

}
