package io.mcpconfig.cli;

/**
 * A command that could not do what was asked: its message goes to stderr and its status
 * becomes the exit code.
 */
public class CommandFailure extends RuntimeException {

	private final ExitStatus status;

	/** The HTTP status the center answered, 0 when the failure is not an answer of the center's. */
	private final int httpStatus;

	/** Whether the center's answer named a parameter (path, query, header) as what it refused. */
	private final boolean refusesAParameter;

	public CommandFailure(ExitStatus status, String message) {
		this(status, message, 0, false);
	}

	public CommandFailure(ExitStatus status, String message, int httpStatus, boolean refusesAParameter) {
		super(message);
		this.status = status;
		this.httpStatus = httpStatus;
		this.refusesAParameter = refusesAParameter;
	}

	public CommandFailure(ExitStatus status, String message, Throwable cause) {
		super(message, cause);
		this.status = status;
		this.httpStatus = 0;
		this.refusesAParameter = false;
	}

	/**
	 * Whether the center refused the body that was sent: bad input (400) that names no
	 * parameter (what a flag became), too large (413), a media type it does not take (415).
	 */
	public boolean refusesTheBody() {
		return (this.httpStatus == 400 && !this.refusesAParameter) || this.httpStatus == 413
				|| this.httpStatus == 415;
	}

	public ExitStatus status() {
		return this.status;
	}

}
