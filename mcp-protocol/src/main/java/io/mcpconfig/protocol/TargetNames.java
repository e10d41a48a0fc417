package io.mcpconfig.protocol;

import java.util.Optional;

/**
 * The rule for the names of a target ({@code mcp.v1.Target}): an app and an env are each 1
 * to 128 of the characters {@code A-Z a-z 0-9 . _ -}, and neither {@code .} nor
 * {@code ..}. The names are path segments of the admin API, directory names of the file
 * store and the client's snapshots, and parts of etcd keys, so the server and the client
 * check them alike (docs/protocol.md#concepts).
 */
public final class TargetNames {

	/** The rule in words, as the messages give it. */
	public static final String RULE = "use 1 to 128 of the characters A-Z a-z 0-9 . _ -";

	private static final int MAX_LENGTH = 128;

	private TargetNames() {
	}

	/**
	 * What is wrong with one name of a target, if anything.
	 * @param what where the name comes from, for the message: {@code app}, {@code env}, or
	 * the setting that holds it, such as {@code mcp.client.env}
	 * @param name the name, {@code null} counting as empty
	 * @return the message that says what and why ({@code app 'a b' is not allowed: use 1 to
	 * 128 of the characters A-Z a-z 0-9 . _ -}), or empty when the name is valid
	 */
	public static Optional<String> validate(String what, String name) {
		if (name == null || name.isEmpty()) {
			return Optional.of(what + " must not be empty");
		}
		if (name.equals(".") || name.equals("..")) {
			return Optional.of(what + " '" + name + "' is not allowed: . and .. name directories");
		}
		if (!isAllowed(name)) {
			return Optional.of(what + " '" + name + "' is not allowed: " + RULE);
		}
		return Optional.empty();
	}

	/**
	 * {@code [A-Za-z0-9._-]{1,128}} without a regular expression: the center checks a
	 * target's names each time it builds one, which is on every heartbeat it records.
	 */
	private static boolean isAllowed(String name) {
		if (name.length() > MAX_LENGTH) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			boolean allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.'
					|| c == '_' || c == '-';
			if (!allowed) {
				return false;
			}
		}
		return true;
	}

}
