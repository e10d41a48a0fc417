package io.mcpconfig.server.security;

/**
 * What a token may do. A role grants a set of them; all but {@link #ADMINISTER} are
 * limited to the apps and envs of the token's {@link Scope}.
 */
public enum Permission {

	/** Read configurations, history, instances and the audit log of the admin API. */
	READ,

	/** Publish, roll back, and run gray releases and overlays. */
	PUBLISH,

	/** Fetch and sync configuration over gRPC: what an application instance does. */
	SYNC,

	/** Manage tokens and read the operational endpoints (actuator beyond health). */
	ADMINISTER

}
