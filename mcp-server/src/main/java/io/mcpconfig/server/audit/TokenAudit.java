package io.mcpconfig.server.audit;

import io.mcpconfig.server.security.ApiToken;

/**
 * How a token change is recorded in the audit log, handed to the token store with the
 * change: the etcd store writes the entry in the change's own transaction; the file store
 * writes it beside its tokens before it rewrites them and appends it after.
 */
public interface TokenAudit {

	/**
	 * The entry of a token change about to be stored.
	 * @param token the token created, or the one revoked as it was stored
	 * @return the entry
	 */
	AuditEntry entryFor(ApiToken token);

	/**
	 * Called by the store once the change (and on etcd its entry) is stored, before the
	 * change is answered: completes the log and never throws.
	 * @param entry the entry of the change
	 */
	void stored(AuditEntry entry);

}
