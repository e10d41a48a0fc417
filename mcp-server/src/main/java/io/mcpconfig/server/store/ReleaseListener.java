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

}
