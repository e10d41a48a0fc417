package io.mcpconfig.server.security;

import java.util.EnumSet;
import java.util.Set;

/**
 * The role of a token: which {@link Permission}s it grants.
 */
public enum Role {

	/** Everything, on every app and env, including tokens. */
	ADMIN(EnumSet.allOf(Permission.class)),

	/** Publish, roll back, gray and read, for the apps and envs of its scope. */
	PUBLISHER(EnumSet.of(Permission.PUBLISH, Permission.READ)),

	/** Read the admin API, for the apps and envs of its scope. */
	READER(EnumSet.of(Permission.READ)),

	/** Fetch and sync over gRPC, for the apps and envs of its scope: an application's token. */
	CLIENT(EnumSet.of(Permission.SYNC));

	private final Set<Permission> permissions;

	Role(Set<Permission> permissions) {
		this.permissions = permissions;
	}

	/**
	 * Whether this role grants a permission.
	 * @param permission the permission
	 * @return whether it is granted
	 */
	public boolean grants(Permission permission) {
		return this.permissions.contains(permission);
	}

}
