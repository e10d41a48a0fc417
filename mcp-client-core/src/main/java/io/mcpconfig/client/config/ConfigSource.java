package io.mcpconfig.client.config;

/**
 * Where the configuration an instance holds comes from.
 */
public enum ConfigSource {

	/** The config center, by fetch or push. */
	REMOTE,

	/** The local snapshot of the last configuration received from the config center. */
	SNAPSHOT,

	/** The user's fallback YAML ({@code mcp.client.fallback-location}). */
	FALLBACK,

	/** A local file served instead of a config center ({@code mcp.client.local-file}). */
	LOCAL_FILE,

	/** Nothing: the config center could not be reached and nothing else could serve. */
	EMPTY

}
