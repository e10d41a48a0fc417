package io.mcpconfig.cli;

/**
 * A command that could not do what was asked: its message goes to stderr and its status
 * becomes the exit code.
 */
public class CommandFailure extends RuntimeException {

	private final ExitStatus status;

	public CommandFailure(ExitStatus status, String message) {
		super(message);
		this.status = status;
	}

	public CommandFailure(ExitStatus status, String message, Throwable cause) {
		super(message, cause);
		this.status = status;
	}

	public ExitStatus status() {
		return this.status;
	}

}
