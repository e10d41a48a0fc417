package io.mcpconfig.server.security;

import java.util.List;
import java.util.regex.Pattern;

import io.mcpconfig.server.release.Target;

/**
 * The apps and envs a token is limited to, each a list of names or globs ({@code *} for
 * any run of characters: {@code orders-*}, {@code *}).
 *
 * @param apps the app names or globs
 * @param envs the env names or globs
 */
public record Scope(List<String> apps, List<String> envs) {

	// before ALL, which the constructor checks with it
	private static final int MAX_GLOB_LENGTH = 128;

	private static final Pattern GLOB = Pattern.compile("[A-Za-z0-9._*-]{1," + MAX_GLOB_LENGTH + "}");

	/** Every app and env. */
	public static final Scope ALL = new Scope(List.of("*"), List.of("*"));

	public Scope {
		apps = requireGlobs("apps", apps);
		envs = requireGlobs("envs", envs);
	}

	/**
	 * Whether the scope covers a target.
	 * @param target the target
	 * @return whether both its app and its env match
	 */
	public boolean covers(Target target) {
		return matchesAny(this.apps, target.app()) && matchesAny(this.envs, target.env());
	}

	/**
	 * Whether the scope names the app itself, not through a pattern.
	 * @param app the app
	 * @return whether one of its apps is exactly {@code app}
	 */
	public boolean namesApp(String app) {
		return this.apps.contains(app);
	}

	/**
	 * Whether the scope covers every app and env.
	 * @return whether it is unlimited
	 */
	public boolean coversEveryTarget() {
		return this.apps.contains("*") && this.envs.contains("*");
	}

	private static List<String> requireGlobs(String what, List<String> globs) {
		if (globs == null || globs.isEmpty()) {
			throw new IllegalArgumentException(what + " must name at least one name or glob (\"*\" for all)");
		}
		for (String glob : globs) {
			if (glob == null || !GLOB.matcher(glob).matches()) {
				// an entry past the limit is counted, not echoed: it may be most of a 1 MiB body
				String entry = (glob != null && glob.length() > MAX_GLOB_LENGTH)
						? "an entry of " + glob.length() + " characters" : "entry '" + glob + "'";
				throw new IllegalArgumentException(what + " " + entry + " is not allowed: use 1 to " + MAX_GLOB_LENGTH
						+ " of the characters A-Z a-z 0-9 . _ - and * for any");
			}
		}
		return List.copyOf(globs);
	}

	private static boolean matchesAny(List<String> globs, String name) {
		return globs.stream().anyMatch((glob) -> matches(glob, name));
	}

	/** {@code *} matches any run of characters; every other character itself. */
	static boolean matches(String glob, String name) {
		String[] parts = glob.split("\\*", -1);
		if (parts.length == 1) {
			return glob.equals(name);
		}
		if (!name.startsWith(parts[0])) {
			return false;
		}
		int at = parts[0].length();
		for (int i = 1; i < parts.length - 1; i++) {
			int found = name.indexOf(parts[i], at);
			if (found < 0) {
				return false;
			}
			at = found + parts[i].length();
		}
		String last = parts[parts.length - 1];
		return name.length() - at >= last.length() && name.endsWith(last);
	}

}
