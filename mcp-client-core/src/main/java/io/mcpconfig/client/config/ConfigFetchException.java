package io.mcpconfig.client.config;

import java.util.List;

import org.springframework.boot.context.config.ConfigDataException;

import io.mcpconfig.client.channel.ServerAddress;

/**
 * The configuration could not be fetched from the config center: none of its addresses
 * answered in time, it refused the request, or its answer was corrupt. Thrown at start-up
 * with {@code mcp.client.fail-fast=true} when no local snapshot or fallback YAML could
 * serve instead; the message then names those too.
 */
public class ConfigFetchException extends ConfigDataException {

	private final ConfigTarget target;

	private final List<ServerAddress> addresses;

	private final String reason;

	ConfigFetchException(ConfigTarget target, List<ServerAddress> addresses, String reason, Throwable cause) {
		super("Could not fetch the configuration of " + target + " from MCP Config at " + addresses + ": " + reason,
				cause);
		this.target = target;
		this.addresses = List.copyOf(addresses);
		this.reason = reason;
	}

	/**
	 * The same failure, when nothing local could serve instead either.
	 * @param lookedFor the local configurations looked for
	 * @return an exception that also names them
	 */
	ConfigFetchException withNothingLocal(String lookedFor) {
		return new ConfigFetchException(this.target, this.addresses,
				this.reason + "; nothing local could serve instead: " + lookedFor, getCause());
	}

	/**
	 * The configuration that could not be fetched.
	 * @return the target
	 */
	public ConfigTarget getTarget() {
		return this.target;
	}

	/**
	 * The config center addresses that were tried.
	 * @return the addresses, in order
	 */
	public List<ServerAddress> getAddresses() {
		return this.addresses;
	}

}
