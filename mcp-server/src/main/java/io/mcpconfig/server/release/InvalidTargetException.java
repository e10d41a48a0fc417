package io.mcpconfig.server.release;

/** An app or env name that cannot name a target; the message says which and why. */
public class InvalidTargetException extends IllegalArgumentException {

	public InvalidTargetException(String message) {
		super(message);
	}

}
