package io.mcpconfig.server.security;

/**
 * Revoking this token would leave no admin token: nobody could create, list or revoke
 * tokens, nor read the actuator, until the center is restarted to make a new one.
 */
public class LastAdminTokenException extends RuntimeException {

	public LastAdminTokenException(String name) {
		super("token '" + name + "' is the last admin token: revoking it would leave nobody able to manage tokens;"
				+ " create another admin token first (POST /api/v1/tokens with \"role\": \"admin\"),"
				+ " then revoke this one");
	}

}
