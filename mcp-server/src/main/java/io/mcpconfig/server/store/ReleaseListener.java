package io.mcpconfig.server.store;

import io.mcpconfig.server.release.Release;

/**
 * Told of every new release of any target, whichever replica published it. Called in
 * version order per target; after a gap (etcd compaction, a reconnect) only the latest
 * release of a target may be reported. Must return quickly: it runs on the store's
 * notification thread.
 */
@FunctionalInterface
public interface ReleaseListener {

	void onRelease(Release release);

	/**
	 * Told of a target's current release after the store went back in time (etcd restored
	 * from a snapshot): releases reported before may be lost, so this one may be older
	 * than they are, or repeat one's version with other content. Releases reported after
	 * it follow it in version order again. A listener that ignores versions it has seen
	 * must take this one; by default it is a release like any other.
	 */
	default void onRestored(Release current) {
		onRelease(current);
	}

}
