package io.mcpconfig.client.snapshot;

import java.time.Instant;

import io.mcpconfig.client.config.HeldConfig;

/**
 * A configuration read back from the local snapshot file.
 *
 * @param config the configuration, with source {@code SNAPSHOT}
 * @param savedAt when the client wrote it
 * @param servedFor the profiles and labels the center served it for, or {@code null} for
 * a file of format 2 or earlier, which did not record them
 */
public record Snapshot(HeldConfig config, Instant savedAt, ProfilesAndLabels servedFor) {

	/**
	 * Whether an instance can start from this snapshot: the directory is shared by every
	 * instance of its user on a host, and the center serves one with other profiles or
	 * labels another configuration. A snapshot that did not record them is taken to be
	 * the instance's own, as before they were recorded.
	 * @param instance the profiles and labels of the instance starting
	 * @return whether the snapshot was served for the same ones, or did not record them
	 */
	public boolean isFor(ProfilesAndLabels instance) {
		return this.servedFor == null || this.servedFor.equals(instance);
	}

}
