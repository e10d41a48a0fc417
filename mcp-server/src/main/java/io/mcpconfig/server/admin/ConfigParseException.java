package io.mcpconfig.server.admin;

/**
 * A configuration body that cannot be read as the configuration it claims to be. The
 * message names the format, the 1-based line and column, and the problem.
 */
public class ConfigParseException extends RuntimeException {

	private final int line;

	private final int column;

	public ConfigParseException(String format, int line, int column, String problem) {
		super("invalid " + format + " at line " + line + ", column " + column + ": " + problem);
		this.line = line;
		this.column = column;
	}

	public ConfigParseException(String message) {
		super(message);
		this.line = 0;
		this.column = 0;
	}

	/** 1-based line of the problem, 0 when it has no place. */
	public int line() {
		return line;
	}

	/** 1-based column of the problem, 0 when it has no place. */
	public int column() {
		return column;
	}

}
