package io.mcpconfig.server.release;

import java.util.Comparator;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.mcpconfig.protocol.TargetNames;

/**
 * What a configuration belongs to: an application ({@code spring.application.name}) in
 * an environment. Both names are path segments of the admin API and keys in the stores,
 * so they follow {@link TargetNames}: 1 to 128 of {@code [A-Za-z0-9._-]}, not {@code .}
 * or {@code ..}.
 */
public record Target(String app, String env) {

	/**
	 * The reserved app whose release in an env is the shared layer of every application of
	 * that env, as Spring Cloud Config serves {@code application.yml}.
	 */
	public static final String SHARED_APP = "application";

	/** By app, then env: how targets are listed. */
	public static final Comparator<Target> ORDER = Comparator.comparing(Target::app).thenComparing(Target::env);

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
		TargetNames.validate(what, name).ifPresent((message) -> {
			throw new InvalidTargetException(what, name, message);
		});
	}

	/** Whether this is the shared layer of its env. */
	@JsonIgnore
	public boolean isShared() {
		return SHARED_APP.equals(app);
	}

	/** The shared layer of this target's env. */
	public Target shared() {
		return new Target(SHARED_APP, env);
	}

	@Override
	public String toString() {
		return app + "/" + env;
	}

}
