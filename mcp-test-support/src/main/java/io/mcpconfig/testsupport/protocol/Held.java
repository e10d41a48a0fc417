package io.mcpconfig.testsupport.protocol;

import java.util.Map;

/**
 * What one client runs with: the version, its checksum and the properties. The map is
 * shared, never changed: clients of one process that hold the same version hold the same
 * map ({@link VerifiedConfigs}).
 *
 * @param version 0 for nothing
 * @param checksum {@code ""} for nothing, as the protocol's {@code held_checksum}
 * @param properties the configuration, unmodifiable
 */
record Held(long version, String checksum, Map<String, String> properties) {

	static final Held NOTHING = new Held(0, "", Map.of());

	boolean is(long otherVersion, String otherChecksum) {
		return this.version == otherVersion && this.checksum.equals(otherChecksum);
	}

}
