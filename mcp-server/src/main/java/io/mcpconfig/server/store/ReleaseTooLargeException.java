package io.mcpconfig.server.store;

/**
 * A release the center will not store for its size: beyond
 * {@code mcp.server.limits.max-release-size}, or beyond what the etcd cluster takes in one
 * request. Nothing was stored; trying again without a change fails again.
 */
public class ReleaseTooLargeException extends RuntimeException {

	public ReleaseTooLargeException(String message) {
		super(message);
	}

	public ReleaseTooLargeException(String message, Throwable cause) {
		super(message, cause);
	}

}
