package io.mcpconfig.server.security;

import java.time.Instant;
import java.util.regex.Pattern;

import io.mcpconfig.server.release.Target;

/**
 * A bearer token as the center keeps it: its name, role and scope, and the SHA-256 hash of
 * its secret, never the secret itself.
 *
 * @param name the token's name, unique, shown as the author of what it does
 * @param role its role
 * @param scope the apps and envs it is limited to ({@link Scope#ALL} for an admin)
 * @param secretHash the hex SHA-256 of its secret
 * @param createdAt when it was created
 * @param createdBy the name of the token that created it, {@code bootstrap} for the first
 * admin
 */
public record ApiToken(String name, Role role, Scope scope, String secretHash, Instant createdAt, String createdBy) {

	private static final int MAX_NAME_LENGTH = 64;

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_NAME_LENGTH + "}");

	public ApiToken {
		if (name == null || !NAME.matcher(name).matches()) {
			// a name past the limit is counted, not echoed: it may be most of a 1 MiB body
			String named = (name != null && name.length() > MAX_NAME_LENGTH)
					? "a token name of " + name.length() + " characters" : "token name '" + name + "'";
			throw new IllegalArgumentException(
					named + " is not allowed: use 1 to " + MAX_NAME_LENGTH + " of the characters A-Z a-z 0-9 . _ -");
		}
		if (role == null) {
			throw new IllegalArgumentException("a token needs a role (admin, publisher, reader or client)");
		}
		if (role == Role.ADMIN && !scope.coversEveryTarget()) {
			throw new IllegalArgumentException("an admin token covers every app and env; leave apps and envs out");
		}
	}

	/**
	 * Whether this token may do something to a target.
	 * @param permission what it wants to do
	 * @param target the app and env it wants to do it to
	 * @return whether its role grants it and its scope covers the target
	 */
	public boolean permits(Permission permission, Target target) {
		return this.role.grants(permission) && this.scope.covers(target);
	}

	/**
	 * Whether this token may do something that concerns no one target.
	 * @param permission what it wants to do
	 * @return whether its role grants it
	 */
	public boolean permits(Permission permission) {
		return this.role.grants(permission);
	}

}
