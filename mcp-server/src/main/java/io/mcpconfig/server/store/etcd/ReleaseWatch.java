package io.mcpconfig.server.store.etcd;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import io.mcpconfig.server.DaemonThreads;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.ReleaseListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One etcd watch on every release key, shared by all listeners of a store, and the thread
 * that tells them. Each new release key is one event, so listeners hear of releases in
 * revision order.
 * <p>
 * It starts at the revision of a read of all current versions, so nothing published after
 * the first {@link #register} returns is missed. A broken watch (member down, no leader)
 * resumes from the last handled revision + 1 on whichever member answers. When etcd has
 * compacted that revision away, it reads the current versions again and reports the
 * release of each target that moved on, then watches from the revision of that read.
 * <p>
 * etcd's revision never goes back, except when etcd is restored from a snapshot: then a
 * watch from the next revision is one into etcd's future, which etcd accepts and keeps
 * silent until its revision gets there. So any answer behind the revision handled makes
 * it read the current versions again; when that read is behind too, it forgets what it
 * reported (versions repeat, with other content), reports every target's current
 * release as {@linkplain ReleaseListener#onRestored restored} and watches from there.
 * A restore with {@code --bump-revision} puts etcd's revision ahead instead: with
 * {@code --mark-compacted} the watch breaks as compacted, and the read after it holds a
 * target behind the version reported, the same version written at another revision, or
 * none of a target reported; without it, the
 * first release whose version was reported already gives it away. Either is handled as
 * a restore too.
 * <p>
 * All state but the listener list belongs to the single {@code mcp-etcd-watch} thread.
 */
final class ReleaseWatch implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ReleaseWatch.class);

	private static final long MIN_RETRY_MILLIS = 100;

	private static final long MAX_RETRY_MILLIS = 5000;

	private final Client client;

	private final KeyLayout keys;

	private final CallDeadline deadline;

	private final ScheduledThreadPoolExecutor thread;

	private final EtcdChannelBackoff backoff;

	private final List<Registration> registrations = new CopyOnWriteArrayList<>();

	/** The starting read; every registration waits for it. */
	private Future<?> startup;

	private volatile boolean closed;

	/**
	 * Whether etcd has created the watch that runs now: from when it says so until it breaks.
	 * Read by the sessions' heartbeats, written by the watch thread.
	 */
	private volatile boolean established;

	// Owned by the watch thread.

	/** The version last reported of each target, and the revision its release was written at. */
	private final Map<Target, VersionPointer> reported = new HashMap<>();

	/** Targets of a restore not yet reported since: their next release is reported as restored. */
	private final Set<Target> restoredWithoutRelease = new HashSet<>();

	private long revision;

	private int generation;

	private Watch.Watcher watcher;

	private long retryMillis = MIN_RETRY_MILLIS;

	/** The retry waiting out its delay, and what it runs: {@link #retryNow()} runs it early. */
	private ScheduledFuture<?> retry;

	private Runnable retryTask;

	ReleaseWatch(Client client, KeyLayout keys, CallDeadline deadline, EtcdChannelBackoff backoff) {
		this.client = client;
		this.keys = keys;
		this.deadline = deadline;
		this.backoff = backoff;
		this.thread = DaemonThreads.singleScheduled("mcp-etcd-watch-");
	}

	/**
	 * Adds a listener; the first one starts the watch, waiting up to the call deadline
	 * for the starting read. When etcd cannot be read then, the watch keeps trying in the
	 * background and at last reports the current release of every target.
	 */
	AutoCloseable register(ReleaseListener listener) {
		if (this.closed) {
			throw new IllegalStateException("the etcd release store is closed");
		}
		Registration registration = new Registration(listener);
		this.registrations.add(registration);
		awaitStart(startup());
		return registration;
	}

	private synchronized Future<?> startup() {
		if (this.startup == null) {
			this.startup = this.thread.submit(() -> resync(Resync.START));
		}
		return this.startup;
	}

	private void awaitStart(Future<?> startup) {
		try {
			startup.get(this.deadline.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			logger.warn("etcd release watch not started yet (" + ex.toString() + "); it keeps trying");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Reads every target's current version, reports what {@code intent} says, and watches
	 * from the revision of that read. A linearizable read behind the revision handled, or a
	 * target whose current version is behind the one reported (or the same version written
	 * at another revision), means a restored etcd, whatever the intent.
	 */
	private void resync(Resync intent) {
		if (this.closed) {
			return;
		}
		try {
			GetResponse current = this.deadline.read(() -> this.client.getKVClient()
				.get(this.keys.currentRoot(), GetOption.builder().isPrefix(true).build()), "reading current versions");
			long etcdRevision = current.getHeader().getRevision();
			Map<Target, VersionPointer> pointers = pointers(current);
			String evidence = (intent == Resync.START) ? null : restoreEvidence(etcdRevision, pointers);
			Resync mode = (evidence != null) ? Resync.RESTORE : intent;
			if (mode == Resync.RESTORE) {
				logger.warn(((evidence != null) ? evidence : "etcd gave a release version again")
						+ ": etcd was restored from a snapshot. Releases "
						+ "published after it are lost and their versions are given again; reporting the current "
						+ "release of every target, which sessions push to their clients even where older than what "
						+ "they hold, and watching from revision " + (etcdRevision + 1));
				// a version reported before may come again with other content; a target the
				// restored etcd has no release of is told its next one as restored
				this.restoredWithoutRelease.addAll(this.reported.keySet());
				this.reported.clear();
			}
			pointers.forEach((target, pointer) -> resyncTarget(target, pointer, mode));
			this.revision = etcdRevision;
			watchFrom(this.revision + 1);
		}
		catch (RuntimeException ex) {
			this.backoff.reset();
			long delay = nextRetryMillis();
			logger.warn("etcd release watch cannot start: " + ex.getMessage() + "; reading etcd again in " + delay
					+ " ms");
			// a restore found by a release given again must not be forgotten when its read fails
			Resync retry = (intent == Resync.RESTORE) ? Resync.RESTORE : Resync.CATCH_UP;
			schedule(() -> resync(retry), delay);
		}
	}

	/**
	 * What in a read of the current versions shows that etcd went back in time: its
	 * revision behind the one handled, or (a restore with {@code --bump-revision}, whose
	 * revision is ahead) a target's version behind the one reported, as versions never go
	 * back otherwise.
	 * @return the evidence in words, {@code null} if none
	 */
	private String restoreEvidence(long etcdRevision, Map<Target, VersionPointer> pointers) {
		if (etcdRevision < this.revision) {
			return "etcd is at revision " + etcdRevision + ", behind revision " + this.revision
					+ " that this replica's release watch handled";
		}
		for (Map.Entry<Target, VersionPointer> reportedOne : this.reported.entrySet()) {
			Target target = reportedOne.getKey();
			VersionPointer seen = reportedOne.getValue();
			VersionPointer now = pointers.get(target);
			if (now == null) {
				// targets are never deleted
				return "etcd holds no release of " + target + ", which this replica reported at version "
						+ seen.version();
			}
			if (now.version() < seen.version()) {
				return "etcd holds version " + now.version() + " of " + target + " as current, behind version "
						+ seen.version() + " that this replica reported";
			}
			if (now.version() == seen.version() && now.modRevision() != seen.modRevision()) {
				// published again after the restore up to the version reported
				return "etcd holds version " + now.version() + " of " + target + " as written at revision "
						+ now.modRevision() + ", not at revision " + seen.modRevision() + " where this replica reported it";
			}
		}
		return null;
	}

	/** The current versions read, by target; a key that is not one is logged and left out. */
	private Map<Target, VersionPointer> pointers(GetResponse current) {
		Map<Target, VersionPointer> pointers = new LinkedHashMap<>();
		for (KeyValue pointer : current.getKvs()) {
			try {
				pointers.put(this.keys.targetOfCurrent(pointer.getKey()), VersionPointer.of(pointer));
			}
			catch (RuntimeException ex) {
				logger.error("ignoring etcd key " + pointer.getKey().toString(StandardCharsets.UTF_8)
						+ ": not a current version (" + ex.getMessage() + ")");
			}
		}
		return pointers;
	}

	private void resyncTarget(Target target, VersionPointer pointer, Resync mode) {
		if (mode == Resync.START) {
			this.reported.put(target, pointer);
			return;
		}
		long version = pointer.version();
		if (version <= reportedVersion(target)) {
			return;
		}
		GetResponse found = this.deadline.read(
				() -> this.client.getKVClient().get(this.keys.release(target, version)),
				"reading release " + target + "@" + version);
		// Absent when retention already dropped it: the watch then brings a newer one.
		found.getKvs().forEach((release) -> report(release, mode == Resync.RESTORE));
	}

	private void watchFrom(long startRevision) {
		if (this.closed) {
			return;
		}
		this.established = false;
		int current = ++this.generation;
		WatchOption option = WatchOption.builder()
			.isPrefix(true)
			.withRevision(startRevision)
			.withNoDelete(true)
			.withCreateNotify(true)
			.withRequireLeader(true)
			.build();
		this.watcher = this.client.getWatchClient()
			.watch(this.keys.releasesRoot(), option,
					Watch.listener((response) -> execute(() -> onResponse(current, response)),
							(error) -> execute(() -> onBroken(current, error)),
							() -> execute(() -> onBroken(current, null))));
	}

	private void onResponse(int from, WatchResponse response) {
		if (from != this.generation || this.closed) {
			return;
		}
		long etcdRevision = response.getHeader().getRevision();
		if (etcdRevision < this.revision) {
			// restored from a snapshot, or a member that lags: the read tells, backing off
			// should a lagging member answer again
			this.established = false;
			this.generation++;
			closeWatcher();
			long delay = nextRetryMillis();
			logger.info("etcd answered the release watch at revision " + etcdRevision + ", behind revision "
					+ this.revision + " that it handled; reading the current versions in " + delay + " ms");
			schedule(() -> resync(Resync.CATCH_UP), delay);
			return;
		}
		if (response.isCreatedNotify()) {
			this.retryMillis = MIN_RETRY_MILLIS;
			this.established = true;
		}
		for (WatchEvent event : response.getEvents()) {
			if (event.getEventType() == WatchEvent.EventType.PUT) {
				this.revision = Math.max(this.revision, event.getKeyValue().getModRevision());
				if (!report(event.getKeyValue(), false)) {
					// a version given again: a restore whose revision was ahead of the one handled
					// (--bump-revision without --mark-compacted) and whose watch went on unbroken
					this.established = false;
					this.generation++;
					closeWatcher();
					resync(Resync.RESTORE);
					return;
				}
			}
		}
	}

	private void onBroken(int from, Throwable error) {
		if (from != this.generation || this.closed) {
			return;
		}
		this.established = false;
		this.generation++; // whatever the old watcher still says is ignored
		closeWatcher();
		if (isCompacted(error)) {
			logger.info("etcd compacted revision " + (this.revision + 1) + " away; reading the current releases again");
			resync(Resync.CATCH_UP);
			return;
		}
		// etcd may be back before the channel's own back-off ends: the retry connects at once
		this.backoff.reset();
		long delay = nextRetryMillis();
		logger.warn("etcd release watch broken (" + ((error != null) ? error.getMessage() : "stream ended")
				+ "); resuming from revision " + (this.revision + 1) + " in " + delay + " ms");
		schedule(() -> watchFrom(this.revision + 1), delay);
	}

	private static boolean isCompacted(Throwable error) {
		// OUT_OF_RANGE: the revision is ahead of etcd's, as after restoring a snapshot (the read tells).
		return error instanceof CompactedException
				|| (error instanceof EtcdException etcd && etcd.getErrorCode() == ErrorCode.OUT_OF_RANGE);
	}

	/**
	 * Tells the listeners of a release newer than the one reported of its target, or of a
	 * restored one.
	 * @return {@code false} for a release whose version was reported already: each release
	 * key is written once, so only a restored etcd gives a version again
	 */
	private boolean report(KeyValue keyValue, boolean restored) {
		Release release;
		try {
			release = ReleaseDocument.read(keyValue, this.keys).release();
		}
		catch (IllegalStateException ex) {
			logger.error("ignoring a release in etcd: " + ex.getMessage());
			return true;
		}
		if (release.version() <= reportedVersion(release.target())) {
			return false;
		}
		this.reported.put(release.target(), new VersionPointer(release.version(), keyValue.getModRevision()));
		boolean asRestored = this.restoredWithoutRelease.remove(release.target()) || restored;
		for (Registration registration : this.registrations) {
			try {
				if (asRestored) {
					registration.listener.onRestored(release);
				}
				else {
					registration.listener.onRelease(release);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("release listener failed on " + release.target() + "@" + release.version(), ex);
			}
		}
		return true;
	}

	private long reportedVersion(Target target) {
		VersionPointer seen = this.reported.get(target);
		return (seen != null) ? seen.version() : 0;
	}

	private long nextRetryMillis() {
		long delay = this.retryMillis;
		this.retryMillis = Math.min(MAX_RETRY_MILLIS, this.retryMillis * 2);
		return delay;
	}

	private void closeWatcher() {
		if (this.watcher != null) {
			this.watcher.close();
			this.watcher = null;
		}
	}

	private void execute(Runnable task) {
		try {
			this.thread.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// closing: nobody listens any more
		}
	}

	private void schedule(Runnable task, long delayMillis) {
		try {
			this.retryTask = task;
			this.retry = this.thread.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// closing
		}
	}

	/**
	 * Whether the watch runs: etcd created it and it has not broken since. Until it does
	 * after an outage, releases published meanwhile may not have been reported, even though
	 * etcd answers reads again.
	 */
	boolean isEstablished() {
		return this.established;
	}

	/**
	 * Runs a retry waiting out its delay now: the store's check found etcd answering again,
	 * and a release published meanwhile must not wait up to the longest delay to be seen.
	 */
	void retryNow() {
		execute(() -> {
			if (this.retry != null && this.retry.cancel(false)) {
				this.retry = null;
				this.retryTask.run();
			}
		});
	}

	@Override
	public void close() {
		this.closed = true;
		execute(() -> {
			this.generation++;
			closeWatcher();
		});
		this.thread.shutdown();
		try {
			if (!this.thread.awaitTermination(this.deadline.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
				this.thread.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			this.thread.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	/** What a read of the current versions reports. */
	private enum Resync {

		/** Nothing: the starting read, what later releases are compared with. */
		START,

		/** The release of each target that moved on since the one last reported. */
		CATCH_UP,

		/** Every target's current release, as restored: etcd went back in time. */
		RESTORE

	}

	/** One listener's place in the list; closing it removes that listener only. */
	private final class Registration implements AutoCloseable {

		private final ReleaseListener listener;

		Registration(ReleaseListener listener) {
			this.listener = listener;
		}

		@Override
		public void close() {
			ReleaseWatch.this.registrations.remove(this);
		}

	}

}
