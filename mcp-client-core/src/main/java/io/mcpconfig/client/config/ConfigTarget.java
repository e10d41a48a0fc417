package io.mcpconfig.client.config;

import io.mcpconfig.protocol.TargetNames;

/**
 * What a configuration belongs to: an application in an environment. Both names follow
 * the server's rule, {@link TargetNames}: 1 to 128 of {@code [A-Za-z0-9._-]}, not
 * {@code .} or {@code ..}.
 *
 * @param app the application, by default {@code spring.application.name}
 * @param env the environment, such as {@code dev} or {@code prod}
 */
public record ConfigTarget(String app, String env) {

	public ConfigTarget {
		requireName("app", app);
		requireName("env", env);
	}

	/**
	 * Checks one name of a target where it is set, so that the message names the setting.
	 * @param what where the name comes from, such as {@code mcp.client.env}
	 * @param name the name
	 * @throws IllegalArgumentException when the name cannot name an app or env
	 */
	static void requireName(String what, String name) {
		TargetNames.validate(what, name).ifPresent((message) -> {
			throw new IllegalArgumentException(message);
		});
	}

	@Override
	public String toString() {
		return this.app + "/" + this.env;
	}

}
