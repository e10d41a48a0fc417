package io.mcpconfig.server.sync;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import io.mcpconfig.server.release.Target;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Tells the operator that clients hold versions the store no longer has: releases were
 * lost, as after restoring etcd from a backup. Each such client is sent the current
 * configuration in full, marked as replacing the newer version it holds; a fleet of them
 * would log one line each, so one warning per target every few minutes, the rest at
 * debug level.
 */
final class VersionRegressionWarnings {

	private static final Log logger = LogFactory.getLog(VersionRegressionWarnings.class);

	private static final long INTERVAL_NANOS = Duration.ofMinutes(5).toNanos();

	private final ConcurrentHashMap<Target, Long> lastWarned = new ConcurrentHashMap<>();

	void clientAhead(Target target, String instanceId, long heldVersion, long currentVersion) {
		long now = System.nanoTime();
		boolean warn = now == this.lastWarned.compute(target,
				(key, last) -> (last == null || now - last >= INTERVAL_NANOS) ? now : last);
		if (!warn && !logger.isDebugEnabled()) {
			return;
		}
		String message = "Instance " + instanceId + " of " + target + " holds version " + heldVersion
				+ ", but the current version is " + currentVersion + ": releases were lost "
				+ "(a store restored from a backup?). It gets version " + currentVersion
				+ " in full, marked as replacing the one it holds; publish again what was lost, if it is still"
				+ " wanted (docs/operations.md, Backup and restore)";
		if (warn) {
			logger.warn(message);
		}
		else {
			logger.debug(message);
		}
	}

}
