package io.mcpconfig.server.audit;

import io.mcpconfig.server.release.Release;

/**
 * How a publish is recorded in the audit log, handed to the release store with the
 * publish so that the release and its entry are kept together: the etcd store writes the
 * entry in the release's own transaction, the file store into the release's file before
 * it appends the entry to its log (and appends it on the next start if a crash came in
 * between). A release is never stored without its entry.
 */
public interface ReleaseAudit {

	/**
	 * The entry of a release about to be stored. A store may make several when it tries
	 * again (another replica published first); it keeps the one of the release it stores.
	 * @param replaced the release it replaces, {@code null} for a target's first
	 * @param release the release
	 * @return the entry
	 */
	AuditEntry entryFor(Release replaced, Release release);

	/**
	 * Called by the store once the release and its entry are stored, before the publish is
	 * answered, in release order for a target: completes the log (an append, dropping the
	 * oldest entries) and never throws.
	 * @param entry the entry stored with the release
	 */
	void stored(AuditEntry entry);

}
