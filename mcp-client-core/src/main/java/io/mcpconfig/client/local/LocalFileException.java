package io.mcpconfig.client.local;

import org.springframework.boot.context.config.ConfigDataException;

/**
 * A local configuration file, the fallback YAML ({@code mcp.client.fallback-location}) or
 * the served file ({@code mcp.client.local-file}), cannot be used: it cannot be read, is
 * not valid YAML, or is required and missing. The message names the file and, for a
 * syntax error, the line and column.
 */
public class LocalFileException extends ConfigDataException {

	/**
	 * Creates an exception.
	 * @param message what is wrong, naming the file
	 * @param cause the underlying failure, or {@code null}
	 */
	public LocalFileException(String message, Throwable cause) {
		super(message, cause);
	}

}
