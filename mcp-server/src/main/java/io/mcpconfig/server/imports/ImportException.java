package io.mcpconfig.server.imports;

/** An import refused as a whole: nothing was published. The message says what and where. */
public class ImportException extends RuntimeException {

	public ImportException(String message) {
		super(message);
	}

}
