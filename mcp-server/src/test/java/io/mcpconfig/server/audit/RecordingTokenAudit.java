package io.mcpconfig.server.audit;

import java.time.Instant;
import java.util.List;

import io.mcpconfig.server.security.ApiToken;

/**
 * A {@link TokenAudit} for the stores' tests: makes entries as the audit trail does (a
 * creation at the token's creation time, a revocation later than every entry made before)
 * into a list shared by the test, and appends nothing in {@link #stored}: what reaches the
 * log is what the store itself kept.
 */
public final class RecordingTokenAudit implements TokenAudit {

	private final AuditAction action;

	private final List<AuditEntry> made;

	/**
	 * @param action {@link AuditAction#TOKEN_CREATE} or {@link AuditAction#TOKEN_REVOKE}
	 * @param made where the entries go, oldest first
	 */
	public RecordingTokenAudit(AuditAction action, List<AuditEntry> made) {
		this.action = action;
		this.made = made;
	}

	@Override
	public AuditEntry entryFor(ApiToken token) {
		// a millisecond after the last one at least, so that ids sort as the entries were made
		Instant at = (this.action == AuditAction.TOKEN_CREATE) ? token.createdAt() : Instant.now();
		if (!this.made.isEmpty() && !at.isAfter(this.made.get(this.made.size() - 1).at())) {
			at = this.made.get(this.made.size() - 1).at().plusMillis(1);
		}
		AuditEntry entry = TestEntries.tokenChange(this.action, token.name(), at);
		this.made.add(entry);
		return entry;
	}

	@Override
	public void stored(AuditEntry entry) {
	}

}
