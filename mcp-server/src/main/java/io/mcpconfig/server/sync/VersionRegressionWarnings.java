package io.mcpconfig.server.sync;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;

import io.mcpconfig.server.release.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the operator that clients hold versions the store no longer has: releases were
 * lost, as after restoring etcd from a backup. Clients ignore updates older than what they
 * hold, so they stay on the lost release until a newer version is published. Every such
 * client reconnects and shows up here again and again: one warning per target every few
 * minutes, the rest at debug level.
 */
final class VersionRegressionWarnings {

	private static final Logger logger = LoggerFactory.getLogger(VersionRegressionWarnings.class);

	private static final long INTERVAL_NANOS = Duration.ofMinutes(5).toNanos();

	private final ConcurrentHashMap<Target, Long> lastWarned = new ConcurrentHashMap<>();

	void clientAhead(Target target, String instanceId, long heldVersion, long currentVersion) {
		long now = System.nanoTime();
		boolean warn = now == this.lastWarned.compute(target,
				(key, last) -> (last == null || now - last >= INTERVAL_NANOS) ? now : last);
		String message = "Instance {} of {} holds version {}, but the current version is {}: releases were lost "
				+ "(a store restored from a backup?). It gets version {} in full and, until a version above {} is "
				+ "published, keeps the one it holds: publish until the version passes {}, or restart the instances "
				+ "(docs/operations.md, Backup and restore)";
		Object[] arguments = { instanceId, target, heldVersion, currentVersion, currentVersion, heldVersion,
				heldVersion };
		if (warn) {
			logger.warn(message, arguments);
		}
		else {
			logger.debug(message, arguments);
		}
	}

}
