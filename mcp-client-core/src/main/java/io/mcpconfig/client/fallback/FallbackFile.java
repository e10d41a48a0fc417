package io.mcpconfig.client.fallback;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.core.io.Resource;

import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.local.LocalFileException;
import io.mcpconfig.client.local.YamlConfigFile;
import io.mcpconfig.protocol.ConfigChecksum;

/**
 * The user's fallback YAML ({@code mcp.client.fallback-location}): a Spring resource
 * location such as {@code classpath:config-local.yaml}, {@code file:/etc/app/local.yaml}
 * or a plain file path. It serves no release of the config center, so it is held as
 * version 0.
 */
public final class FallbackFile {

	private final String location;

	/**
	 * The fallback at a location.
	 * @param location the resource location
	 */
	public FallbackFile(String location) {
		this.location = location;
	}

	/**
	 * Reads the fallback.
	 * @param target the target to hold it for
	 * @param now the current time
	 * @return the fallback configuration (source {@code FALLBACK}, version 0), or empty
	 * when there is no file at the location
	 * @throws LocalFileException if the file exists but cannot be read or is not valid
	 * YAML
	 */
	public Optional<HeldConfig> read(ConfigTarget target, Instant now) {
		if (this.location == null || this.location.isBlank()) {
			return Optional.empty();
		}
		Resource resource = ApplicationResourceLoader.get().getResource(this.location.trim());
		if (!resource.exists()) {
			return Optional.empty();
		}
		Map<String, String> properties = YamlConfigFile.read(resource,
				"the fallback " + this.location + " (mcp.client.fallback-location)");
		return Optional.of(new HeldConfig(target, 0, ConfigChecksum.of(properties), properties, ConfigSource.FALLBACK,
				Instant.EPOCH, now));
	}

	@Override
	public String toString() {
		return this.location;
	}

}
