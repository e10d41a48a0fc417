package io.mcpconfig.client.config;

import java.util.List;

import org.springframework.boot.context.config.ConfigDataException;

import io.mcpconfig.client.channel.ServerAddress;

/**
 * The configuration could not be fetched from the config center: none of its addresses
 * answered in time, it refused the request, or its answer was corrupt.
 */
public class ConfigFetchException extends ConfigDataException {

	private final ConfigTarget target;

	private final List<ServerAddress> addresses;

	ConfigFetchException(ConfigTarget target, List<ServerAddress> addresses, String reason, Throwable cause) {
		super("Could not fetch the configuration of " + target + " from MCP Config at " + addresses + ": " + reason,
				cause);
		this.target = target;
		this.addresses = List.copyOf(addresses);
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
