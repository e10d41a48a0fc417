package io.mcpconfig.server.audit;

import io.mcpconfig.server.store.StoreUnavailableException;

/**
 * Where the audit log is kept: beside the releases, so that every replica of a center on
 * one etcd shows the same log and it survives restarts.
 */
public interface AuditStore {

	/**
	 * Stores an entry, durably, and drops the oldest entries beyond retention.
	 * @param entry the entry
	 * @throws StoreUnavailableException if it cannot be stored
	 */
	void append(AuditEntry entry);

	/**
	 * Completes an entry that a store kept with its change ({@link ReleaseAudit},
	 * {@link TokenAudit}): the file store appends it to its log, the etcd store (which
	 * wrote it in the change's transaction) drops the oldest entries beyond retention.
	 * @param entry the entry
	 * @throws StoreUnavailableException if it cannot be completed now
	 */
	void storedWithChange(AuditEntry entry);

	/**
	 * One page of the retained entries that pass a filter, newest first.
	 * @param filter which entries pass
	 * @param page the page's number, from 0
	 * @param size how many entries a page holds, 1 or more
	 * @return the page
	 * @throws StoreUnavailableException if the store cannot be read
	 */
	AuditPage read(AuditFilter filter, int page, int size);

}
