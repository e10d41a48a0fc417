package io.mcpconfig.server.store;

/** A change that needs the target's current release, of a target that has none. */
public class NoReleaseException extends RuntimeException {

	public NoReleaseException(String message) {
		super(message);
	}

}
