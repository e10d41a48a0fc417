package io.mcpconfig.server.admin;

/**
 * A configuration text without any property: empty, blank or comments only. A publish
 * refuses it, as an empty release would wipe every instance's configuration by mistake
 * (YAML {@code {}} says it is meant); a file of an imported repository is read as the
 * empty configuration Spring Cloud Config serves for it.
 */
public class NoPropertiesException extends ConfigParseException {

	public NoPropertiesException(String message) {
		super(message);
	}

}
