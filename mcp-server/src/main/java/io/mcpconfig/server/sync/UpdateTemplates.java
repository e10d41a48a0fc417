package io.mcpconfig.server.sync;

import java.util.function.Supplier;

import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.server.release.Target;

/**
 * Updates computed once per (base, version) and shared by every session that pushes the
 * same one: a publish fanned out to thousands of sessions holding the same base diffs the
 * two configurations once, and each session only stamps its nonce on the result. Bounded:
 * past {@value #MAX_ENTRIES} entries everything is forgotten at once (only the newest
 * versions are pushed, so the working set is small).
 */
final class UpdateTemplates {

	static final int MAX_ENTRIES = 256;

	private final BoundedMemo<Key, ConfigUpdate> templates = new BoundedMemo<>(MAX_ENTRIES);

	/** The delta from {@code base} to {@code next}. */
	ConfigUpdate delta(EffectiveConfig base, EffectiveConfig next, String nonce) {
		return stamped(new Key(next.target(), base.version(), base.checksum(), next.version(), next.checksum(),
				next.origin()),
				() -> next.deltaUpdate(base, ""), nonce);
	}

	/** All of {@code next}. */
	ConfigUpdate full(EffectiveConfig next, String nonce) {
		return stamped(new Key(next.target(), 0, "", next.version(), next.checksum(), next.origin()),
				() -> next.fullUpdate(""), nonce);
	}

	private ConfigUpdate stamped(Key key, Supplier<ConfigUpdate> compute, String nonce) {
		return this.templates.get(key, (missing) -> compute.get()).toBuilder().setNonce(nonce).build();
	}

	private record Key(Target target, long baseVersion, String baseChecksum, long version, String checksum,
			String origin) {
	}

}
