package io.mcpconfig.server.sync;

import java.util.Optional;

import io.mcpconfig.protocol.v1.InstanceInfo;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.ReleaseStore;

import org.springframework.stereotype.Component;

/**
 * The one place that decides what configuration an instance should see. Today that is
 * the target's release; overlays (by label) and gray candidates (by instance) plug in
 * here, so sessions never read the store themselves.
 */
@Component
public class EffectiveConfigResolver {

	private final ReleaseStore store;

	private final RetainedReleases retained;

	public EffectiveConfigResolver(ReleaseStore store) {
		this.store = store;
		this.retained = new RetainedReleases(store);
	}

	/**
	 * Whether the store answered its last availability check: a subscribe fails fast
	 * while it is down instead of waiting out a read per client. May block for one check
	 * a second.
	 */
	public boolean storeAvailable() {
		return store.isAvailable();
	}

	/** What the instance should see now. */
	public EffectiveConfig resolve(Target target, InstanceInfo instance) {
		return store.current(target).map((release) -> resolve(release, instance))
			.orElseGet(() -> EffectiveConfig.none(target));
	}

	/** What the instance should see given a newly published release of its target. */
	public EffectiveConfig resolve(Release release, InstanceInfo instance) {
		return EffectiveConfig.of(release);
	}

	/**
	 * What the instance saw at an earlier version, as the base of a delta; empty when that
	 * version is no longer retained. Releases never change, so one read serves every
	 * session that asks for the same one.
	 */
	public Optional<EffectiveConfig> resolve(Target target, InstanceInfo instance, long version) {
		return retained.release(target, version).map((release) -> resolve(release, instance));
	}

}
