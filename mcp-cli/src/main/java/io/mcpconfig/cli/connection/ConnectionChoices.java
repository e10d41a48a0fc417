package io.mcpconfig.cli.connection;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * How to reach the center as one source says it: the command line, the environment or
 * the config file. {@code null} where the source says nothing, so that the next source in
 * precedence can.
 *
 * @param server the admin API's base URL
 * @param token the bearer token
 * @param caFile PEM certificates to trust for https
 * @param insecure whether to trust any certificate and host name
 */
public record ConnectionChoices(String server, String token, Path caFile, Boolean insecure) {

	/** Where the center listens when no source names one: a center started with its defaults. */
	public static final String DEFAULT_SERVER = "http://localhost:8070";

	public static final String SERVER_VARIABLE = "MCP_SERVER";

	public static final String TOKEN_VARIABLE = "MCP_TOKEN";

	public static ConnectionChoices fromEnvironment(Map<String, String> environment) {
		return new ConnectionChoices(nonBlank(environment.get(SERVER_VARIABLE)), nonBlank(environment.get(TOKEN_VARIABLE)),
				null, null);
	}

	/**
	 * Each setting from the first source that gives it.
	 * @param sources from the highest precedence to the lowest
	 */
	public static ConnectionChoices firstOf(List<ConnectionChoices> sources) {
		return new ConnectionChoices(first(sources, ConnectionChoices::server), first(sources, ConnectionChoices::token),
				first(sources, ConnectionChoices::caFile), first(sources, ConnectionChoices::insecure));
	}

	public String serverOrDefault() {
		return (this.server != null) ? this.server : DEFAULT_SERVER;
	}

	public boolean isInsecure() {
		return Boolean.TRUE.equals(this.insecure);
	}

	private static <T> T first(List<ConnectionChoices> sources, Function<ConnectionChoices, T> setting) {
		return sources.stream().map(setting).filter(Objects::nonNull).findFirst().orElse(null);
	}

	private static String nonBlank(String value) {
		return (value == null || value.isBlank()) ? null : value.trim();
	}

}
