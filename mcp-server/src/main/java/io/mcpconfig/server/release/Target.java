package io.mcpconfig.server.release;

import java.util.regex.Pattern;

/**
 * What a configuration belongs to: an application ({@code spring.application.name}) in
 * an environment. Both names are path segments of the admin API and keys in the stores,
 * so they are restricted to {@code [A-Za-z0-9._-]}.
 */
public record Target(String app, String env) {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,128}");

	public Target {
		requireName("app", app);
		requireName("env", env);
	}

	/**
	 * Checks one name of a target on its own, as a filter by app or env takes it.
	 * @param what {@code app} or {@code env}, for the message
	 * @param name the name
	 * @throws InvalidTargetException when the name cannot name an app or env
	 */
	public static void requireName(String what, String name) {
		if (name == null || name.isEmpty()) {
			throw new InvalidTargetException(what + " must not be empty");
		}
		if (!NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
			throw new InvalidTargetException(what + " '" + name
					+ "' is not allowed: use 1 to 128 of the characters A-Z a-z 0-9 . _ -");
		}
	}

	@Override
	public String toString() {
		return app + "/" + env;
	}

}
