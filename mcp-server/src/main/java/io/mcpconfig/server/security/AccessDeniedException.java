package io.mcpconfig.server.security;

/**
 * A valid token that may not do what it asked: answered 403 over HTTP,
 * {@code PERMISSION_DENIED} over gRPC.
 */
public class AccessDeniedException extends RuntimeException {

	public AccessDeniedException(String message) {
		super(message);
	}

}
