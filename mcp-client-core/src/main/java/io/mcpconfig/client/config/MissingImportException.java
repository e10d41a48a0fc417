package io.mcpconfig.client.config;

/**
 * The MCP Config client is on the classpath and enabled, but {@code spring.config.import}
 * does not import {@code mcp:}: the application would silently run without its
 * configuration.
 */
public class MissingImportException extends RuntimeException {

	MissingImportException() {
		super("The MCP Config client is enabled, but spring.config.import does not import \"mcp:\"");
	}

}
