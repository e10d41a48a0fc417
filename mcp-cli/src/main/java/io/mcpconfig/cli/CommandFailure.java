package io.mcpconfig.cli;

/**
 * A command that could not do what was asked: its message goes to stderr and its status
 * becomes the exit code.
 */
public class CommandFailure extends RuntimeException {

	private final ExitStatus status;

	/** The HTTP status the center answered, 0 when the failure is not an answer of the center's. */
	private final int httpStatus;

	public CommandFailure(ExitStatus status, String message) {
		this(status, message, 0);
	}

	public CommandFailure(ExitStatus status, String message, int httpStatus) {
		super(message);
		this.status = status;
		this.httpStatus = httpStatus;
	}

	public CommandFailure(ExitStatus status, String message, Throwable cause) {
		super(message, cause);
		this.status = status;
		this.httpStatus = 0;
	}

	/** Whether the center refused what was sent: bad input (400), too large (413), a media type it does not take (415). */
	public boolean refusesTheBody() {
		return this.httpStatus == 400 || this.httpStatus == 413 || this.httpStatus == 415;
	}

	public ExitStatus status() {
		return this.status;
	}

}
