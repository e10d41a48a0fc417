package io.mcpconfig.client;

import java.util.List;
import java.util.Locale;

/**
 * Which property values are probably secrets, by the property's key: one rule for every
 * place the client shows values (the {@code mcp} actuator endpoint, refusal reasons sent
 * to the config center and logged), so a password shows nowhere.
 */
public final class SecretKeys {

	/** What a secret value is shown as. */
	public static final String MASK = "******";

	// Checked against the key's last segment only: server.ssl.key-store-type names no
	// secret, while db.password, api.token and aws.secret-key do.
	private static final List<String> SECRET_WORDS = List.of("password", "secret", "token", "credential");

	private SecretKeys() {
	}

	/**
	 * Whether a property's value is probably a secret: the last segment of its key
	 * (after the last {@code .}, indexes dropped), ignoring case, contains
	 * {@code password}, {@code secret}, {@code token} or {@code credential}, or ends with
	 * {@code key}.
	 * @param key the property name
	 * @return whether to mask its value
	 */
	public static boolean isLikelySecret(String key) {
		String name = key.replaceAll("\\[[^\\]]*\\]", "");
		String last = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
		return last.endsWith("key") || SECRET_WORDS.stream().anyMatch(last::contains);
	}

	/**
	 * The value as it may be shown: {@link #MASK} when its key looks secret.
	 * @param key the property name
	 * @param value the value
	 * @return the value, or {@link #MASK}
	 */
	public static Object shown(String key, Object value) {
		return isLikelySecret(key) ? MASK : value;
	}

	/**
	 * A message that may quote a value (a conversion error, say), with every occurrence of
	 * that value masked when its key looks secret.
	 * @param key the property name
	 * @param value the value the message may quote
	 * @param message the message
	 * @return the message, safe to show
	 */
	public static String masked(String key, Object value, String message) {
		if (message == null || value == null || !isLikelySecret(key)) {
			return message;
		}
		String quoted = String.valueOf(value);
		return quoted.isEmpty() ? message : message.replace(quoted, MASK);
	}

}
