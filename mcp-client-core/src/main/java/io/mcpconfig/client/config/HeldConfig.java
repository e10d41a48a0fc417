package io.mcpconfig.client.config;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

import io.mcpconfig.protocol.ConfigChecksum;

/**
 * The configuration an instance holds: one immutable value, replaced as a whole when a
 * new release is applied.
 *
 * @param target what the configuration belongs to
 * @param version the release version, {@code 0} for none
 * @param checksum the canonical checksum of {@code properties} ({@link ConfigChecksum})
 * @param properties the flat properties, unmodifiable
 * @param source where the configuration comes from
 * @param publishedAt when the release was published on the config center,
 * {@link Instant#EPOCH} when unknown
 * @param receivedAt when this instance took the configuration
 */
public record HeldConfig(ConfigTarget target, long version, String checksum, Map<String, String> properties,
		ConfigSource source, Instant publishedAt, Instant receivedAt) {

	public HeldConfig {
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(checksum, "checksum");
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(publishedAt, "publishedAt");
		Objects.requireNonNull(receivedAt, "receivedAt");
		properties = Map.copyOf(properties);
	}

	/**
	 * The configuration of an instance that holds nothing.
	 * @param target what the configuration belongs to
	 * @param now the current time
	 * @return version 0, no properties, source {@link ConfigSource#EMPTY}
	 */
	public static HeldConfig empty(ConfigTarget target, Instant now) {
		return new HeldConfig(target, 0, ConfigChecksum.EMPTY, Map.of(), ConfigSource.EMPTY, Instant.EPOCH, now);
	}

	/**
	 * The same configuration, said to come from elsewhere: a snapshot the center confirmed
	 * is the center's, nothing held is the center's answer that it has nothing.
	 * @param source where the configuration comes from now
	 * @return a copy with that source
	 */
	public HeldConfig withSource(ConfigSource source) {
		return new HeldConfig(this.target, this.version, this.checksum, this.properties, source, this.publishedAt,
				this.receivedAt);
	}

	@Override
	public String toString() {
		return this.target + " version " + this.version + " (" + this.properties.size() + " properties, "
				+ this.source + ")";
	}

}
