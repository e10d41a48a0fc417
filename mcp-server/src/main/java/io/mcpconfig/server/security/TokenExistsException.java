package io.mcpconfig.server.security;

/**
 * A token of that name exists already: names identify tokens in the audit and history.
 */
public class TokenExistsException extends RuntimeException {

	public TokenExistsException(String name) {
		super("a token named '" + name + "' exists; revoke it first or choose another name");
	}

}
