package io.mcpconfig.server.audit;

import com.fasterxml.jackson.annotation.JsonValue;

/** What an audit entry records. */
public enum AuditAction {

	/** A release published through {@code PUT /api/v1/configs/{app}/{env}}. */
	PUBLISH("publish"),

	/** A release that republishes an older one's content. */
	ROLLBACK("rollback"),

	/** A token created. */
	TOKEN_CREATE("token-create"),

	/** A token revoked. */
	TOKEN_REVOKE("token-revoke"),

	/** A gray release started, changed, promoted or aborted; the comment says which. */
	GRAY_STEP("gray-step"),

	/** An overlay set or deleted; the comment says which. */
	OVERLAY_CHANGE("overlay-change");

	private final String jsonName;

	AuditAction(String jsonName) {
		this.jsonName = jsonName;
	}

	/**
	 * The action's name in an entry's JSON and in {@code GET /api/v1/audit?action=}.
	 * @return the name
	 */
	@JsonValue
	public String jsonName() {
		return this.jsonName;
	}

}
