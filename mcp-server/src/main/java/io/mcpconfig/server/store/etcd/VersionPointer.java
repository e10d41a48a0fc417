package io.mcpconfig.server.store.etcd;

import java.nio.charset.StandardCharsets;

import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;

/**
 * A target's current-version key as read: the version it names and the revision it was
 * written at. A publish writes it in the transaction that writes the release, so that
 * revision is the release's too.
 *
 * @param version the current version, 0 for a target without a release
 * @param modRevision the revision the key was last written at, 0 when absent
 */
record VersionPointer(long version, long modRevision) {

	/** The pointer of a point read; absent reads as version 0. */
	static VersionPointer of(GetResponse response) {
		return response.getKvs().stream().findFirst().map(VersionPointer::of).orElse(new VersionPointer(0, 0));
	}

	/**
	 * @throws IllegalStateException when the key does not hold a version
	 */
	static VersionPointer of(KeyValue kv) {
		String text = kv.getValue().toString(StandardCharsets.UTF_8);
		try {
			return new VersionPointer(Long.parseLong(text), kv.getModRevision());
		}
		catch (NumberFormatException ex) {
			String key = kv.getKey().toString(StandardCharsets.UTF_8);
			throw new IllegalStateException("etcd key " + key + " holds '" + text + "', not a version", ex);
		}
	}

}
