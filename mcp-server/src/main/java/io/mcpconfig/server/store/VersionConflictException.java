package io.mcpconfig.server.store;

import io.mcpconfig.server.release.Target;

/** A compare-and-set publish lost: the target's current version is not the expected one. */
public class VersionConflictException extends RuntimeException {

	private final long expectedVersion;

	private final long currentVersion;

	public VersionConflictException(Target target, long expectedVersion, long currentVersion) {
		super("version conflict on " + target + ": expected version " + expectedVersion + " but current is "
				+ currentVersion);
		this.expectedVersion = expectedVersion;
		this.currentVersion = currentVersion;
	}

	public long expectedVersion() {
		return expectedVersion;
	}

	public long currentVersion() {
		return currentVersion;
	}

}
