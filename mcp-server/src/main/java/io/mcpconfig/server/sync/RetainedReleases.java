package io.mcpconfig.server.sync;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;

import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.ReleaseStore;

/**
 * Retained releases read by version, remembered: a release never changes once published,
 * so when a publish fans out to many sessions holding the same base version, the store
 * is read once for all of them (concurrent readers wait for the first read). Failed
 * reads and versions no longer retained are not remembered.
 */
final class RetainedReleases {

	/** Enough for the bases of every target in use; past it, everything is forgotten at once. */
	static final int MAX_ENTRIES = 512;

	private final ReleaseStore store;

	private final ConcurrentHashMap<Key, CompletableFuture<Optional<Release>>> releases = new ConcurrentHashMap<>();

	RetainedReleases(ReleaseStore store) {
		this.store = store;
	}

	/** Blocks while the store is read: call off the sessions' threads. */
	Optional<Release> release(Target target, long version) {
		Key key = new Key(target, version);
		CompletableFuture<Optional<Release>> mine = new CompletableFuture<>();
		CompletableFuture<Optional<Release>> held = releases.putIfAbsent(key, mine);
		if (held != null) {
			try {
				return held.join();
			}
			catch (CompletionException ex) {
				throw (ex.getCause() instanceof RuntimeException runtime) ? runtime : ex;
			}
		}
		if (releases.size() > MAX_ENTRIES) {
			releases.clear();
			releases.put(key, mine);
		}
		try {
			Optional<Release> release = store.release(target, version);
			if (release.isEmpty()) {
				releases.remove(key, mine);
			}
			mine.complete(release);
			return release;
		}
		catch (RuntimeException ex) {
			releases.remove(key, mine);
			mine.completeExceptionally(ex);
			throw ex;
		}
	}

	private record Key(Target target, long version) {
	}

}
