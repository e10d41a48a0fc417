package io.mcpconfig.client.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.io.FileSystemResource;

import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.protocol.ConfigChecksum;

/**
 * The YAML file served instead of a config center ({@code mcp.client.local-file}). Each
 * read that is applied becomes a new local version, counted from 1.
 */
public final class LocalConfigFile {

	private final Path path;

	private final ConfigTarget target;

	/**
	 * The local file of a target.
	 * @param path the file
	 * @param target the target to hold its configuration for
	 */
	public LocalConfigFile(Path path, ConfigTarget target) {
		this.path = path.toAbsolutePath().normalize();
		this.target = target;
	}

	/**
	 * The file, absolute.
	 * @return its path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Reads the file.
	 * @param version the local version to give its content
	 * @param now the current time
	 * @return the configuration (source {@code LOCAL_FILE}), or empty when there is no
	 * such file
	 * @throws LocalFileException if the file cannot be read or is not valid YAML
	 */
	public Optional<HeldConfig> read(long version, Instant now) {
		if (!Files.isRegularFile(this.path)) {
			return Optional.empty();
		}
		Map<String, String> properties = YamlConfigFile.read(new FileSystemResource(this.path), toString());
		return Optional.of(new HeldConfig(this.target, version, ConfigChecksum.of(properties), properties,
				ConfigSource.LOCAL_FILE, now, now));
	}

	@Override
	public String toString() {
		return "the local file " + this.path + " (mcp.client.local-file)";
	}

}
