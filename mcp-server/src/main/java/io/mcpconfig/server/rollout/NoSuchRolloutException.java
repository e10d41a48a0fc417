package io.mcpconfig.server.rollout;

/** An overlay or a gray release that the target does not have; the message says which. */
public class NoSuchRolloutException extends RuntimeException {

	public NoSuchRolloutException(String message) {
		super(message);
	}

}
