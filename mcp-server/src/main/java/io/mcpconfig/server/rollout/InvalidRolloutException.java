package io.mcpconfig.server.rollout;

/** A selector, overlay or gray rule that cannot be stored; the message says what and where. */
public class InvalidRolloutException extends IllegalArgumentException {

	public InvalidRolloutException(String message) {
		super(message);
	}

}
