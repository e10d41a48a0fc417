package io.mcpconfig.server.release;

/** An app or env name that cannot name a target; the message says which and why. */
public class InvalidTargetException extends IllegalArgumentException {

	private final String what;

	private final String name;

	/**
	 * @param what {@code app} or {@code env}
	 * @param name the name refused
	 * @param message what is wrong with it
	 */
	public InvalidTargetException(String what, String name, String message) {
		super(message);
		this.what = what;
		this.name = name;
	}

	/** {@code app} or {@code env}: what the refused name was to name. */
	public String what() {
		return this.what;
	}

	/** The refused name, {@code null} when none was given. */
	public String name() {
		return this.name;
	}

}
