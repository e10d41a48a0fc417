package io.mcpconfig.server.sync;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.HashMap;
import java.util.Map;

import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.protocol.v1.ConfigSnapshot;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.server.instance.Running;
import io.mcpconfig.server.release.PropertyCover;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.rollout.Rollout.Applicable;

/**
 * The configuration one instance should see, immutable: a release's base (over the
 * env's shared layer, with the profile documents of both that match the instance's
 * profiles) with the parts of its rollout that apply to the instance (its overlays, the
 * gray patch when it is in).
 *
 * @param target the target
 * @param version the version the instance is to hold, 0 when the target has no release
 * @param checksum {@link ConfigChecksum} of {@code properties}
 * @param properties the complete configuration, unmodifiable (a release's map is shared,
 * not copied, as every session of a target sees the same one)
 * @param publishedAt when the underlying release was published
 * @param applied which overlays apply and whether the instance is in the gray release
 */
public record EffectiveConfig(Target target, long version, String checksum, Map<String, String> properties,
		Instant publishedAt, Applicable applied) {

	static final String RELEASE = "release";

	static final String GRAY = "gray";

	public EffectiveConfig {
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(applied, "applied");
		properties = Collections.unmodifiableMap(properties);
	}

	/** What an instance of a target without any release sees. */
	public static EffectiveConfig none(Target target) {
		return new EffectiveConfig(target, 0, ConfigChecksum.EMPTY, Map.of(), Instant.EPOCH, Applicable.BASE);
	}

	/** The release's base as it is. */
	public static EffectiveConfig of(Release release) {
		return new EffectiveConfig(release.target(), release.version(), release.checksum(), release.properties(),
				release.publishedAt(), Applicable.BASE);
	}

	/**
	 * What one group of instances sees of a release, in Spring Cloud Config's order, each
	 * over the one before: the shared layer's plain properties, the application's, the
	 * shared profile documents that apply, the application's; then what applies of its
	 * rollout. So profile-specific wins over plain, and the application over the shared
	 * layer within each.
	 * @param layers which profile documents apply (bit {@code i} for document {@code i})
	 */
	static EffectiveConfig of(Release release, Applicable applied, ProfileLayers layers) {
		if (applied.isBase() && layers.isPlain(release)) {
			return of(release);
		}
		Map<String, String> base;
		if (release.shared() == null) {
			base = release.documents().resolve(layers.own());
		}
		else {
			base = new HashMap<>(release.shared().properties());
			PropertyCover.putOver(base, release.properties());
			release.shared().documents().putProfiles(base, layers.shared());
			release.documents().putProfiles(base, layers.own());
		}
		Map<String, String> properties = release.rollout().compose(base, applied);
		return new EffectiveConfig(release.target(), release.version(), ConfigChecksum.of(properties), properties,
				release.publishedAt(), applied);
	}

	/**
	 * Where the view comes from, as the client is told: {@code release} or {@code gray},
	 * followed by {@code ;overlays=a,b} when overlays apply; empty when there is no release.
	 */
	public String origin() {
		if (version == 0) {
			return "";
		}
		String origin = applied.gray() ? GRAY : RELEASE;
		return applied.overlays().isEmpty() ? origin : origin + ";overlays=" + String.join(",", applied.overlays());
	}

	/** What an instance that holds this runs, for the instance registry. */
	Running running() {
		return new Running(checksum, applied.gray(), applied.overlays());
	}

	/** The same configuration, known to the instance under an earlier version that held it already. */
	EffectiveConfig heldAs(long heldVersion) {
		return new EffectiveConfig(target, heldVersion, checksum, properties, publishedAt, applied);
	}

	ConfigSnapshot toSnapshot() {
		return ConfigSnapshot.newBuilder()
			.setTarget(wireTarget())
			.setVersion(version)
			.setChecksum(checksum)
			.putAllProperties(properties)
			.setPublishedAtMillis(publishedAt.toEpochMilli())
			.setOrigin(origin())
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
			.setOrigin(origin());
	}

	private io.mcpconfig.protocol.v1.Target wireTarget() {
		return io.mcpconfig.protocol.v1.Target.newBuilder().setApp(target.app()).setEnv(target.env()).build();
	}

	@Override
	public String toString() {
		return target + "@" + version + " (" + origin() + ")";
	}

}
