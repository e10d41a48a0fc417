package io.mcpconfig.server.store.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.mcpconfig.server.audit.AuditEntry;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.ReleaseContent;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseListener;
import io.mcpconfig.server.store.ReleaseSizeLimit;
import io.mcpconfig.server.store.ReleaseStore;
import io.mcpconfig.server.store.StoreUnavailableException;
import io.mcpconfig.server.store.VersionConflictException;
import io.mcpconfig.server.store.file.ReleaseLog.State;

/**
 * The embedded store: one JSON file per release under
 * {@code <dir>/releases/<app>/<env>/<version>.json}, for a single server.
 * <p>
 * A publish writes a temporary file, forces it to disk and renames it atomically into
 * place, so a crash leaves either the whole release or none of it; leftover temporary
 * files are removed on open. A release's audit entry is written into its file, then
 * appended to the audit log ({@link FileAuditStore}), which finds it there if a crash came
 * in between. Every file is verified against its checksum when the store
 * opens and whenever it is read: a corrupt or truncated one is skipped with a warning
 * naming it, never served, and its version is never reused. The newest
 * {@code maxHistory} releases of each target are retained. A lock on
 * {@code <dir>/lock} keeps a second server off the same directory.
 * <p>
 * The store orchestrates: {@link DataDirectoryLock} holds the directory,
 * {@link ReleaseLog} keeps each target's files and state, {@link ReleaseRetention} says
 * which files expire, {@link ReleaseListeners} delivers releases to the watches.
 */
public class FileReleaseStore implements ReleaseStore {

	private final Path dir;

	private final Path releasesDir;

	private final ReleaseRetention retention;

	private final ReleaseSizeLimit sizeLimit;

	private final DataDirectoryLock lock;

	private final ConcurrentHashMap<Target, ReleaseLog> logs = new ConcurrentHashMap<>();

	private final ReleaseListeners listeners = new ReleaseListeners();

	private volatile boolean closed;

	/**
	 * Open the store over {@code dir}, creating it when missing.
	 * @param dir the data directory
	 * @param maxHistory how many releases of each target to retain, at least 1
	 * @param sizeLimit the most a release may hold
	 * @throws DataDirectoryInUseException when another server holds the directory
	 * @throws IllegalStateException when the directory cannot be created or read
	 */
	public FileReleaseStore(Path dir, int maxHistory, ReleaseSizeLimit sizeLimit) {
		this.retention = new ReleaseRetention(maxHistory);
		this.sizeLimit = sizeLimit;
		this.dir = dir.toAbsolutePath().normalize();
		this.releasesDir = this.dir.resolve("releases");
		try {
			Files.createDirectories(this.releasesDir);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot create the data directory " + this.releasesDir + ": " + ex, ex);
		}
		this.lock = DataDirectoryLock.acquire(this.dir);
		try {
			logs.putAll(ReleaseLog.openAll(releasesDir));
		}
		catch (RuntimeException ex) {
			lock.close();
			throw ex;
		}
	}

	/** The data directory, absolute. */
	public Path dir() {
		return dir;
	}

	@Override
	public Release publish(PublishRequest request) {
		ensureOpen();
		ReleaseLog log = logs.computeIfAbsent(request.target(), this::newLog);
		synchronized (log) {
			State state = log.state();
			long current = state.currentVersion();
			if (request.expectedVersion().isPresent() && request.expectedVersion().getAsLong() != current) {
				throw new VersionConflictException(request.target(), request.expectedVersion().getAsLong(), current);
			}
			ReleaseContent content = request.change().apply(state.current().orElse(null), state.lastVersion() + 1);
			if (content == null) {
				return state.current().orElseThrow();
			}
			this.sizeLimit.check(request.target(), content, state.current().orElse(null));
			Release release = Release.of(request.target(), state.lastVersion() + 1, content, request.author(),
					request.comment(), Instant.now());
			AuditEntry entry = (request.audit() != null)
					? request.audit().entryFor(state.current().orElse(null), release) : null;
			ReleaseLog.Appended appended = log.append(release, entry, retention);
			listeners.deliver(release);
			if (entry != null) {
				// under the target's lock: its entries reach the log in release order
				request.audit().stored(entry);
			}
			appended.deleteExpired();
			return release;
		}
	}

	/**
	 * The audit entries kept in the files of the retained releases, as found when the store
	 * was opened, for the audit log to append those it is without; answered once.
	 * @param wanted which entry ids to read
	 */
	List<AuditEntry> takeAuditEntriesAtOpen(Predicate<String> wanted) {
		return logs.values().stream().flatMap((log) -> log.takeAuditEntriesAtOpen(wanted).stream()).toList();
	}

	@Override
	public Optional<Release> current(Target target) {
		ReleaseLog log = logs.get(target);
		return (log != null) ? log.state().current() : Optional.empty();
	}

	@Override
	public Optional<Release> release(Target target, long version) {
		ReleaseLog log = logs.get(target);
		return (log != null) ? log.release(version) : Optional.empty();
	}

	@Override
	public List<Target> targets() {
		return logs.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().state().current().isPresent())
			.map(Map.Entry::getKey)
			.sorted(Target.ORDER)
			.toList();
	}

	@Override
	public Stream<Release> history(Target target, int limit) {
		ReleaseLog log = logs.get(target);
		if (log == null || limit < 1) {
			return Stream.empty();
		}
		return log.history(limit);
	}

	@Override
	public AutoCloseable watch(ReleaseListener listener) {
		return listeners.add(listener);
	}

	@Override
	public boolean isAvailable() {
		return !closed && lock.isValid() && Files.isDirectory(releasesDir) && Files.isWritable(releasesDir);
	}

	@Override
	public void close() {
		if (closed) {
			return;
		}
		closed = true;
		listeners.close();
		lock.close();
	}

	@Override
	public String toString() {
		return "FileReleaseStore[" + dir + "]";
	}

	private void ensureOpen() {
		if (closed) {
			throw new StoreUnavailableException("the file store at " + dir + " is closed", null);
		}
	}

	private ReleaseLog newLog(Target target) {
		return ReleaseLog.empty(target, releasesDir);
	}

}
