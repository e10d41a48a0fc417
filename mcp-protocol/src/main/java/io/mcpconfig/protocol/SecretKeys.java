package io.mcpconfig.protocol;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which property values are secrets, or hold one: one rule for every place a value is
 * shown, by the client (the {@code mcp} actuator endpoint, refusal reasons sent to the
 * config center and logged) and by the center (the audit log), so a password shows
 * nowhere. A value is masked whole when its key looks secret; any other value keeps
 * everything but the passwords it embeds (the user info of a URL, Oracle's
 * {@code user/password@}, a {@code user:password@host:port} item, a {@code password=} pair
 * of a connection string, the credentials of a {@code Basic} or {@code Bearer} header value). It lives here, beside the checksum, because both sides
 * depend on this module and nothing else they share.
 */
public final class SecretKeys {

	/** What a secret value is shown as. */
	public static final String MASK = "******";

	// Checked against the key's last segment only: server.ssl.key-store-type names no
	// secret, while db.password, api.token and aws.secret-key do.
	private static final List<String> SECRET_WORDS = List.of("password", "passwd", "pwd", "secret", "token",
			"credential", "private-key", "privatekey");

	private static final Pattern LISTING_PROFILE = Pattern.compile(" \\[on-profile: [^\\]]*\\]$");

	private static final Pattern LIST_INDEX = Pattern.compile("\\[\\d+\\]");

	private static final Pattern BRACKETS = Pattern.compile("\\[[^\\]]*\\]");

	// scheme://user:PASSWORD@host, also inside jdbc:postgresql://... Tried only where a run of
	// scheme characters starts, and never backing off inside a run: linear in the value's
	// length, where trying every letter of a long run was quadratic (a 256 KiB value took
	// minutes). The run's leading digits and signs are kept, as the scheme starts at a letter.
	// The password runs to the last @ before the host: an unencoded @ is part of it.
	private static final Pattern URL_PASSWORD = Pattern
		.compile("(?<![a-zA-Z0-9+.-])([0-9+.-]*+)([a-zA-Z][a-zA-Z0-9+.-]*+://[^/:@\\s]*+:)([^\\s/]+)(@)");

	// ;password=x; or ?user=a&password=b, as JDBC, ADO.NET and Mongo strings carry them
	private static final Pattern PAIR_PASSWORD = Pattern
		.compile("(?i)((?:^|[;&?\\s])(?:password|passwd|pwd|secret|token)\\s*=\\s*)([^;&\\s]+)");

	// jdbc:oracle:thin:scott/PASSWORD@//db:1521/svc: Oracle's user/password before the @,
	// quoted when it holds special characters ("p@ss/w0rd")
	private static final Pattern ORACLE_PASSWORD = Pattern
		.compile("(?i)(jdbc:oracle:[a-z0-9]++:[^/@\\s:;]*+/)(\"[^\"]*+\"|[^@\\s\"]++)(@)");

	// user:PASSWORD@host:port without a scheme, as an item of a value (Redis, AMQP address
	// lists); the port keeps 10:30@utc and ssh:git@github.com as they are
	private static final Pattern BARE_PASSWORD = Pattern
		.compile("(?<![^\\s,;])([^\\s,;:/@]*+:)([^\\s,;/]+)(@[A-Za-z0-9.-]++:\\d++)(?![^\\s,;/])");

	// Authorization header values: Basic dXNlcjpwYXNz, Bearer eyJhbGciOi... (a word after
	// them is masked too: a credential of letters alone looks like one)
	private static final Pattern AUTHORIZATION = Pattern
		.compile("(?i)(?<![a-z0-9])((?:basic|bearer)\\s++)([A-Za-z0-9+/=._~-]{4,}+)");

	private SecretKeys() {
	}

	/**
	 * Whether a property's value is probably a secret: the last segment of its key
	 * (after the last {@code .}, list indexes dropped; a map key in brackets), ignoring
	 * case, contains {@code password}, {@code passwd}, {@code pwd}, {@code secret},
	 * {@code token}, {@code credential} or {@code private-key}, or ends with {@code key} or
	 * {@code keys}.
	 * @param key the property name
	 * @return whether to mask its value
	 */
	public static boolean isLikelySecret(String key) {
		String name = LIST_INDEX.matcher(LISTING_PROFILE.matcher(key).replaceFirst("")).replaceAll("").strip();
		// db.token[primary] holds a token; data-source-properties[password] too
		String mapKey = (name.endsWith("]") && name.lastIndexOf('[') >= 0)
				? name.substring(name.lastIndexOf('[') + 1, name.length() - 1) : "";
		return looksSecret(BRACKETS.matcher(name).replaceAll("")) || (!mapKey.isEmpty() && looksSecret(mapKey));
	}

	/** Whether the part after the last {@code .} of a name without brackets looks secret. */
	private static boolean looksSecret(String name) {
		String last = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
		// headers.authorization and proxy-authorization hold credentials; authorization-uri does not
		return last.endsWith("key") || last.endsWith("keys") || last.endsWith("authorization")
				|| SECRET_WORDS.stream().anyMatch(last::contains);
	}

	/**
	 * The value as it may be shown: {@link #MASK} when its key looks secret, else the value
	 * with the passwords it embeds masked.
	 * @param key the property name
	 * @param value the value
	 * @return the value as it may be shown
	 */
	public static Object shown(String key, Object value) {
		if (isLikelySecret(key)) {
			return MASK;
		}
		return (value instanceof String text) ? withoutEmbeddedPasswords(text) : value;
	}

	/**
	 * A message that may quote a value (a conversion error, say), with every occurrence of
	 * that value as it may be shown.
	 * @param key the property name
	 * @param value the value the message may quote
	 * @param message the message
	 * @return the message, safe to show
	 */
	public static String masked(String key, Object value, String message) {
		if (message == null || value == null) {
			return message;
		}
		String quoted = String.valueOf(value);
		String shown = String.valueOf(shown(key, value));
		return (quoted.isEmpty() || quoted.equals(shown)) ? message : message.replace(quoted, shown);
	}

	/**
	 * A value with the passwords of URLs and connection strings in it masked.
	 * @param value the value
	 * @return the value, safe to show
	 */
	public static String withoutEmbeddedPasswords(String value) {
		String masked = URL_PASSWORD.matcher(value).replaceAll("$1$2" + MASK + "$4");
		masked = ORACLE_PASSWORD.matcher(masked).replaceAll("$1" + MASK + "$3");
		masked = BARE_PASSWORD.matcher(masked).replaceAll("$1" + MASK + "$3");
		masked = AUTHORIZATION.matcher(masked).replaceAll("$1" + MASK);
		return PAIR_PASSWORD.matcher(masked).replaceAll("$1" + MASK);
	}

}
