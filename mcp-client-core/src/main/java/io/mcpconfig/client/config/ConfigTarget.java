package io.mcpconfig.client.config;

/**
 * What a configuration belongs to: an application in an environment.
 *
 * @param app the application, by default {@code spring.application.name}
 * @param env the environment, such as {@code dev} or {@code prod}
 */
public record ConfigTarget(String app, String env) {

	public ConfigTarget {
		if (app == null || app.isBlank()) {
			throw new IllegalArgumentException(
					"The MCP Config application is not set: set spring.application.name or mcp.client.app");
		}
		if (env == null || env.isBlank()) {
			throw new IllegalArgumentException("mcp.client.env must not be empty");
		}
	}

	@Override
	public String toString() {
		return this.app + "/" + this.env;
	}

}
