package io.mcpconfig.server.store;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;

/**
 * Where releases live: the SPI behind the file store and the etcd store. Every
 * implementation passes {@code ReleaseStoreContract}.
 */
public interface ReleaseStore extends AutoCloseable {

	/**
	 * Publish the next release of the request's target, atomically: versions are strictly
	 * increasing per target and never reused, also under concurrent publishes from several
	 * replicas. When the request has an {@link PublishRequest#audit() audit}, its entry is
	 * stored with the release: both are kept, or neither (a crash in between cannot part
	 * them), and {@link io.mcpconfig.server.audit.ReleaseAudit#stored} is called before
	 * this returns. A change that holds nothing new ({@link ReleaseChange}) stores neither.
	 * @throws VersionConflictException when an expected version is given and is not current
	 * @throws ReleaseTooLargeException when the release would hold more than its
	 * {@link ReleaseSizeLimit}, or more than the storage takes in one write
	 * @throws StoreUnavailableException when nothing could be written
	 */
	Release publish(PublishRequest request);

	/** The newest release of the target, if it has any. */
	Optional<Release> current(Target target);

	/** One retained release of the target (delta bases, rollback sources). */
	Optional<Release> release(Target target, long version);

	/** Every target that has a release, sorted by app then env. */
	List<Target> targets();

	/**
	 * Retained releases of the target, newest first, at most {@code limit}, read as the
	 * stream is consumed (a release at a time, or a small page), so a long history of large
	 * releases is never held at once. What the history holds is decided when this is
	 * called; a release retention lets go before it is reached is left out. Consume it
	 * once, promptly.
	 * @throws StoreUnavailableException when the store cannot be read, at once or while
	 * the stream is consumed
	 */
	Stream<Release> history(Target target, int limit);

	/**
	 * Register a listener for new releases of all targets from now on. Returns a handle
	 * whose {@code close()} unregisters it.
	 */
	AutoCloseable watch(ReleaseListener listener);

	/** Whether the store can serve reads and writes now, for the health endpoint. */
	default boolean isAvailable() {
		return true;
	}

	/**
	 * Whether this server may be missing releases other servers published: it shares the
	 * store with them and its last look found the store away. Never waits for a look (a
	 * heartbeat asks), and starts the next one when the last is old. A store no other
	 * server writes misses nothing while it is away.
	 */
	default boolean mayMissReleases() {
		return false;
	}

	@Override
	default void close() {
	}

}
