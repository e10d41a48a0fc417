package io.mcpconfig.server.sync;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Map;

import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.protocol.v1.ConfigSnapshot;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;

/**
 * The configuration one instance should see, immutable: today the target's release,
 * later with overlays and gray candidates applied.
 *
 * @param target the target
 * @param version the version the instance is to hold, 0 when the target has no release
 * @param checksum {@link ConfigChecksum} of {@code properties}
 * @param properties the complete configuration, unmodifiable (a release's map is shared,
 * not copied, as every session of a target sees the same one)
 * @param publishedAt when the underlying release was published
 * @param origin where the view comes from ("release"; "" when there is none)
 */
public record EffectiveConfig(Target target, long version, String checksum, Map<String, String> properties,
		Instant publishedAt, String origin) {

	static final String RELEASE = "release";

	public EffectiveConfig {
		Objects.requireNonNull(target, "target");
		properties = Collections.unmodifiableMap(properties);
	}

	/** What an instance of a target without any release sees. */
	public static EffectiveConfig none(Target target) {
		return new EffectiveConfig(target, 0, ConfigChecksum.EMPTY, Map.of(), Instant.EPOCH, "");
	}

	public static EffectiveConfig of(Release release) {
		return new EffectiveConfig(release.target(), release.version(), release.checksum(), release.properties(),
				release.publishedAt(), RELEASE);
	}

	ConfigSnapshot toSnapshot() {
		return ConfigSnapshot.newBuilder()
			.setTarget(wireTarget())
			.setVersion(version)
			.setChecksum(checksum)
			.putAllProperties(properties)
			.setPublishedAtMillis(publishedAt.toEpochMilli())
			.setOrigin(origin)
			.build();
	}

	/** The whole configuration. */
	ConfigUpdate fullUpdate(String nonce) {
		return update(nonce).setFull(true).putAllUpserts(properties).build();
	}

	/** Only what changed since {@code base}: upserted and removed keys. */
	ConfigUpdate deltaUpdate(EffectiveConfig base, String nonce) {
		ConfigUpdate.Builder update = update(nonce).setFull(false).setBaseVersion(base.version());
		properties.forEach((key, value) -> {
			if (!value.equals(base.properties().get(key))) {
				update.putUpserts(key, value);
			}
		});
		for (String key : base.properties().keySet()) {
			if (!properties.containsKey(key)) {
				update.addRemovals(key);
			}
		}
		return update.build();
	}

	private ConfigUpdate.Builder update(String nonce) {
		return ConfigUpdate.newBuilder()
			.setTarget(wireTarget())
			.setVersion(version)
			.setChecksum(checksum)
			.setNonce(nonce)
			.setPublishedAtMillis(publishedAt.toEpochMilli())
			.setOrigin(origin);
	}

	private io.mcpconfig.protocol.v1.Target wireTarget() {
		return io.mcpconfig.protocol.v1.Target.newBuilder().setApp(target.app()).setEnv(target.env()).build();
	}

	@Override
	public String toString() {
		return target + "@" + version + " (" + origin + ")";
	}

}
