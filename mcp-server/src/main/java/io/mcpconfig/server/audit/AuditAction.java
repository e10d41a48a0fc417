package io.mcpconfig.server.audit;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What an audit entry records. */
public enum AuditAction {

	/** A release published through {@code PUT /api/v1/configs/{app}/{env}}. */
	@JsonProperty("publish")
	PUBLISH,

	/** A release that republishes an older one's content. */
	@JsonProperty("rollback")
	ROLLBACK,

	/** A token created. */
	@JsonProperty("token-create")
	TOKEN_CREATE,

	/** A token revoked. */
	@JsonProperty("token-revoke")
	TOKEN_REVOKE,

	/** A gray release started, changed, promoted or aborted; the comment says which. */
	@JsonProperty("gray-step")
	GRAY_STEP,

	/** An overlay set or deleted; the comment says which. */
	@JsonProperty("overlay-change")
	OVERLAY_CHANGE

}
