package io.mcpconfig.server.sync;

import java.time.Instant;
import java.util.Optional;

import io.mcpconfig.protocol.v1.InstanceInfo;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.rollout.Rollout.Applicable;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.shared.FirstReleases;
import io.mcpconfig.server.store.ReleaseStore;
import io.mcpconfig.server.store.StoreUnavailableException;

import org.springframework.stereotype.Component;

/**
 * The one place that decides what configuration an instance should see: a release's base
 * over the env's shared layer, the profile documents of both that match the instance's
 * profiles, the overlays that match its labels and the gray patch when it is in the gray,
 * so sessions never read the store themselves. A composition is computed once per
 * (release, profile documents, overlays that apply, gray or not) and shared by every
 * instance it applies to: thousands of instances fall into a handful of such groups.
 */
@Component
public class EffectiveConfigResolver {

	private final ReleaseStore store;

	/** Past this many compositions, everything is forgotten at once (only the newest releases are resolved). */
	static final int MAX_COMPOSITIONS = 256;

	private final RetainedReleases retained;

	private final BoundedMemo<Composition, EffectiveConfig> compositions = new BoundedMemo<>(MAX_COMPOSITIONS);

	private final FirstReleases firstReleases;

	public EffectiveConfigResolver(ReleaseStore store, FirstReleases firstReleases) {
		this.store = store;
		this.firstReleases = firstReleases;
		this.retained = new RetainedReleases(store);
	}

	/**
	 * Fails fast when the store did not answer its last availability check: a subscribe or
	 * fetch while it is down does not wait out a read per client. Blocks only for a check
	 * after a quiet spell; otherwise the last answer serves while the next one runs.
	 * @throws StoreUnavailableException if the store is down
	 */
	public void requireStoreAvailable() {
		if (!store.isAvailable()) {
			throw new StoreUnavailableException("it did not answer its last check", null);
		}
	}

	/** Whether this server may be missing releases published elsewhere; never blocks. */
	public boolean mayMissReleases() {
		return store.mayMissReleases();
	}

	/**
	 * What the instance should see now. An application without a release of its own gets
	 * the env's shared layer as its first release ({@link FirstReleases}).
	 * @param caller the token the instance connected with, {@code null} with security off
	 */
	public EffectiveConfig resolve(Target target, InstanceInfo instance, ApiToken caller) {
		Optional<Release> current = store.current(target);
		if (current.isEmpty()) {
			current = firstReleases.of(target, caller);
		}
		return current.map((release) -> resolve(release, instance)).orElseGet(() -> EffectiveConfig.none(target));
	}

	/** What the instance should see given a newly published release of its target. */
	public EffectiveConfig resolve(Release release, InstanceInfo instance) {
		Applicable applied = release.rollout().applicableTo(instance.getInstanceId(), instance.getLabelsMap());
		ProfileLayers layers = ProfileLayers.of(release, instance.getProfilesList());
		if (applied.isBase() && layers.isPlain(release)) {
			return EffectiveConfig.of(release);
		}
		Composition key = new Composition(release.target(), release.version(), release.publishedAt(), applied, layers);
		return compositions.get(key, (missing) -> EffectiveConfig.of(release, applied, layers));
	}

	/**
	 * What the instance saw at an earlier version, as the base of a delta; empty when that
	 * version is no longer retained. Releases never change, so one read serves every
	 * session that asks for the same one.
	 */
	public Optional<EffectiveConfig> resolve(Target target, InstanceInfo instance, long version) {
		return retained.release(target, version).map((release) -> resolve(release, instance));
	}

	/**
	 * One release's view for one group of instances. The publish time tells apart two
	 * releases of one version, which a store restored from a backup can hold.
	 */
	private record Composition(Target target, long version, Instant publishedAt, Applicable applied,
			ProfileLayers layers) {
	}

}
