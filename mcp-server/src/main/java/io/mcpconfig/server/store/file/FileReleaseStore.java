package io.mcpconfig.server.store.file;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mcpconfig.server.DaemonThreads;
import io.mcpconfig.server.release.InvalidTargetException;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseListener;
import io.mcpconfig.server.store.ReleaseStore;
import io.mcpconfig.server.store.StoreUnavailableException;
import io.mcpconfig.server.store.VersionConflictException;
import io.mcpconfig.server.store.file.ReleaseFile.CorruptReleaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store: one JSON file per release under
 * {@code <dir>/releases/<app>/<env>/<version>.json}, for a single server.
 * <p>
 * A publish writes a temporary file, forces it to disk and renames it atomically into
 * place, so a crash leaves either the whole release or none of it; leftover temporary
 * files are removed on open. Every file is verified against its checksum when the store
 * opens and whenever it is read: a corrupt or truncated one is skipped with a warning
 * naming it, never served, and its version is never reused. The newest
 * {@code maxHistory} releases of each target are retained. A lock on
 * {@code <dir>/lock} keeps a second server off the same directory.
 */
public class FileReleaseStore implements ReleaseStore {

	private static final Logger logger = LoggerFactory.getLogger(FileReleaseStore.class);

	private static final Pattern RELEASE_FILE = Pattern.compile("(\\d{19})\\.json");

	/** Newest releases per target held in memory: the current one and usual delta bases. */
	private static final int RECENT = 4;

	private final Path dir;

	private final Path releasesDir;

	private final int maxHistory;

	private final FileChannel lockChannel;

	private final FileLock lock;

	private final ConcurrentHashMap<Target, TargetLog> logs = new ConcurrentHashMap<>();

	private final CopyOnWriteArrayList<Registration> registrations = new CopyOnWriteArrayList<>();

	private final ExecutorService notifier = Executors
		.newSingleThreadExecutor(DaemonThreads.named("mcp-file-store-watch-"));

	private volatile boolean closed;

	/**
	 * Open the store over {@code dir}, creating it when missing.
	 * @param dir the data directory
	 * @param maxHistory how many releases of each target to retain, at least 1
	 * @throws DataDirectoryInUseException when another server holds the directory
	 * @throws IllegalStateException when the directory cannot be created or read
	 */
	public FileReleaseStore(Path dir, int maxHistory) {
		if (maxHistory < 1) {
			throw new IllegalArgumentException("mcp.server.max-history must be 1 or more, was " + maxHistory);
		}
		this.dir = dir.toAbsolutePath().normalize();
		this.releasesDir = this.dir.resolve("releases");
		this.maxHistory = maxHistory;
		try {
			Files.createDirectories(this.releasesDir);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot create the data directory " + this.releasesDir + ": " + ex, ex);
		}
		Path lockFile = this.dir.resolve("lock");
		this.lockChannel = openLockFile(lockFile);
		this.lock = acquire(lockFile, this.lockChannel);
		try {
			loadAll();
		}
		catch (RuntimeException ex) {
			releaseLock();
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
		TargetLog log = logs.computeIfAbsent(request.target(), this::newLog);
		synchronized (log) {
			State state = log.state;
			long current = state.currentVersion();
			if (request.expectedVersion().isPresent() && request.expectedVersion().getAsLong() != current) {
				throw new VersionConflictException(request.target(), request.expectedVersion().getAsLong(), current);
			}
			Release release = Release.of(request.target(), state.lastVersion() + 1,
					request.change().apply(state.current().orElse(null), state.lastVersion() + 1),
					request.author(), request.comment(), Instant.now().truncatedTo(ChronoUnit.MILLIS));
			write(log.dir, release);
			State next = state.append(release);
			List<Long> expired = next.expired(maxHistory);
			log.state = next.without(expired);
			deleteQuietly(log.dir, expired);
			notifyListeners(release);
			return release;
		}
	}

	@Override
	public Optional<Release> current(Target target) {
		TargetLog log = logs.get(target);
		return (log != null) ? log.state.current() : Optional.empty();
	}

	@Override
	public Optional<Release> release(Target target, long version) {
		TargetLog log = logs.get(target);
		return (log != null) ? release(log, log.state, version) : Optional.empty();
	}

	/** A version of one state of the log: a history is read from a single state. */
	private Optional<Release> release(TargetLog log, State state, long version) {
		for (Release release : state.recent()) {
			if (release.version() == version) {
				return Optional.of(release);
			}
		}
		if (!state.versions().contains(version) || state.corrupt().contains(version)) {
			return Optional.empty();
		}
		return readQuietly(log, version);
	}

	@Override
	public List<Release> history(Target target, int limit) {
		TargetLog log = logs.get(target);
		if (log == null || limit < 1) {
			return List.of();
		}
		State state = log.state;
		List<Release> history = new ArrayList<>(Math.min(limit, state.versions().size()));
		for (int i = state.versions().size() - 1; i >= 0 && history.size() < limit; i--) {
			long version = state.versions().get(i);
			if (!state.corrupt().contains(version)) {
				release(log, state, version).ifPresent(history::add);
			}
		}
		return history;
	}

	@Override
	public AutoCloseable watch(ReleaseListener listener) {
		Registration registration = new Registration(listener);
		registrations.add(registration);
		return () -> registrations.remove(registration);
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
		notifier.shutdown();
		try {
			notifier.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		releaseLock();
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

	private TargetLog newLog(Target target) {
		return new TargetLog(target, releasesDir.resolve(target.app()).resolve(target.env()), State.EMPTY);
	}

	private void notifyListeners(Release release) {
		try {
			notifier.execute(() -> {
				for (Registration registration : registrations) {
					registration.deliver(release);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// closing: the release is committed, only the in-process notification is lost
			logger.debug("Store closing, not notifying listeners of {}@{}", release.target(), release.version());
		}
	}

	// --- files ---

	private static String fileName(long version) {
		return String.format("%019d.json", version);
	}

	private void write(Path targetDir, Release release) {
		try {
			if (!Files.isDirectory(targetDir)) {
				Files.createDirectories(targetDir);
				DurableFile.fsyncDirectory(targetDir.getParent());
				DurableFile.fsyncDirectory(targetDir.getParent().getParent());
			}
			DurableFile.write(targetDir.resolve(fileName(release.version())), ReleaseFile.write(release));
		}
		catch (IOException ex) {
			throw new StoreUnavailableException("cannot write release " + release.target() + "@" + release.version()
					+ " to " + targetDir + ": " + reason(ex), ex);
		}
	}

	/**
	 * What went wrong, in words: the admin API shows it, and an exception's class name is
	 * for the log (the exception is the cause).
	 */
	private static String reason(IOException ex) {
		String what = (ex instanceof AccessDeniedException) ? "access denied"
				: (ex instanceof NoSuchFileException) ? "no such file or directory"
				: (ex instanceof FileAlreadyExistsException) ? "already exists"
				: (ex instanceof NotDirectoryException) ? "not a directory" : null;
		String message = (ex.getMessage() != null) ? ex.getMessage() : "I/O error";
		return (what != null) ? what + ": " + message : message;
	}

	private static void deleteTemp(Path temp) {
		try {
			Files.deleteIfExists(temp);
		}
		catch (IOException ex) {
			logger.warn("Cannot remove temporary file {}: {}", temp, ex.toString());
		}
	}

	private void deleteQuietly(Path targetDir, List<Long> versions) {
		for (long version : versions) {
			Path file = targetDir.resolve(fileName(version));
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				logger.warn("Cannot delete expired release file {}: {}", file, ex.toString());
			}
		}
	}

	private Optional<Release> readQuietly(TargetLog log, long version) {
		Path file = log.dir.resolve(fileName(version));
		try {
			return Optional.of(ReleaseFile.read(Files.readAllBytes(file), log.target, version));
		}
		catch (NoSuchFileException ex) {
			// retention removed it since the state was read
			return Optional.empty();
		}
		catch (IOException | CorruptReleaseException ex) {
			logger.warn("Skipping release file {}: {}; it is not served", file, ex.getMessage());
			return Optional.empty();
		}
	}

	// --- opening ---

	private static FileChannel openLockFile(Path lockFile) {
		try {
			return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
					StandardOpenOption.WRITE);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot open the lock file " + lockFile + ": " + ex, ex);
		}
	}

	private static FileLock acquire(Path lockFile, FileChannel channel) {
		FileLock lock;
		try {
			lock = channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			lock = null;
		}
		catch (IOException ex) {
			closeQuietly(channel);
			throw new IllegalStateException("cannot lock " + lockFile + ": " + ex, ex);
		}
		if (lock == null) {
			String holder = holder(lockFile);
			closeQuietly(channel);
			throw new DataDirectoryInUseException(lockFile.getParent(), lockFile, holder);
		}
		try {
			channel.truncate(0);
			channel.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + " on " + hostName())
				.getBytes(StandardCharsets.UTF_8)), 0);
			channel.force(true);
		}
		catch (IOException ex) {
			logger.debug("Cannot record the lock holder in {}: {}", lockFile, ex.toString());
		}
		return lock;
	}

	private static String holder(Path lockFile) {
		try {
			return Files.readString(lockFile, StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (IOException ex) {
			return "unknown host";
		}
	}

	private void releaseLock() {
		try {
			if (lock.isValid()) {
				lock.release();
			}
		}
		catch (IOException ex) {
			logger.debug("Cannot release the lock on {}: {}", dir, ex.toString());
		}
		closeQuietly(lockChannel);
	}

	private static void closeQuietly(FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			logger.debug("Cannot close {}: {}", channel, ex.toString());
		}
	}

	private void loadAll() {
		for (Path appDir : list(releasesDir)) {
			if (!Files.isDirectory(appDir)) {
				logger.warn("Ignoring {}: not a directory of an app", appDir);
				continue;
			}
			for (Path envDir : list(appDir)) {
				if (!Files.isDirectory(envDir)) {
					logger.warn("Ignoring {}: not a directory of an env", envDir);
					continue;
				}
				Target target;
				try {
					target = new Target(appDir.getFileName().toString(), envDir.getFileName().toString());
				}
				catch (InvalidTargetException ex) {
					logger.warn("Ignoring {}: {}", envDir, ex.getMessage());
					continue;
				}
				logs.put(target, new TargetLog(target, envDir, load(target, envDir)));
			}
		}
	}

	private State load(Target target, Path envDir) {
		TreeMap<Long, Path> files = new TreeMap<>();
		long lastVersion = 0;
		for (Path file : list(envDir)) {
			String name = file.getFileName().toString();
			Matcher matcher = RELEASE_FILE.matcher(name);
			if (name.endsWith(DurableFile.TEMP_SUFFIX)) {
				logger.info("Removing {}, left over from an interrupted publish", file);
				deleteTemp(file);
			}
			else if (matcher.matches()) {
				long version = Long.parseLong(matcher.group(1));
				files.put(version, file);
				lastVersion = Math.max(lastVersion, version);
			}
			else {
				logger.warn("Ignoring {}: not a release file", file);
			}
		}
		List<Long> versions = new ArrayList<>(files.keySet());
		Set<Long> corrupt = new HashSet<>();
		List<Release> recent = new ArrayList<>();
		for (Long version : files.descendingKeySet()) {
			Path file = files.get(version);
			try {
				Release release = ReleaseFile.read(Files.readAllBytes(file), target, version);
				if (recent.size() < RECENT) {
					recent.add(release);
				}
			}
			catch (IOException | CorruptReleaseException ex) {
				logger.warn("Skipping release file {}: {}; it is not served and version {} of {} is not reused",
						file, ex.getMessage(), version, target);
				corrupt.add(version);
			}
		}
		return new State(lastVersion, List.copyOf(versions), Set.copyOf(corrupt), List.copyOf(recent));
	}

	private static List<Path> list(Path directory) {
		List<Path> entries = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
			stream.forEach(entries::add);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read " + directory + ": " + ex, ex);
		}
		Collections.sort(entries);
		return entries;
	}

	// --- state ---

	/** One target's directory; its state is replaced whole under the log's monitor, read without it. */
	private static final class TargetLog {

		private final Target target;

		private final Path dir;

		private volatile State state;

		TargetLog(Target target, Path dir, State state) {
			this.target = target;
			this.dir = dir;
			this.state = state;
		}

	}

	/**
	 * What is on disk for one target.
	 *
	 * @param lastVersion the highest version ever written, corrupt ones included
	 * @param versions every release file's version, ascending
	 * @param corrupt versions whose files failed verification
	 * @param recent the newest intact releases, newest first
	 */
	private record State(long lastVersion, List<Long> versions, Set<Long> corrupt, List<Release> recent) {

		static final State EMPTY = new State(0, List.of(), Set.of(), List.of());

		Optional<Release> current() {
			return recent.isEmpty() ? Optional.empty() : Optional.of(recent.get(0));
		}

		long currentVersion() {
			return recent.isEmpty() ? 0 : recent.get(0).version();
		}

		State append(Release release) {
			List<Long> nextVersions = new ArrayList<>(versions);
			nextVersions.add(release.version());
			List<Release> nextRecent = new ArrayList<>(RECENT);
			nextRecent.add(release);
			nextRecent.addAll(recent.subList(0, Math.min(recent.size(), RECENT - 1)));
			return new State(release.version(), List.copyOf(nextVersions), corrupt, List.copyOf(nextRecent));
		}

		/** Files older than the {@code maxHistory}-th newest intact release. */
		List<Long> expired(int maxHistory) {
			int intact = 0;
			for (int i = versions.size() - 1; i >= 0; i--) {
				if (!corrupt.contains(versions.get(i)) && ++intact == maxHistory) {
					return versions.subList(0, i);
				}
			}
			return List.of();
		}

		State without(List<Long> expired) {
			if (expired.isEmpty()) {
				return this;
			}
			Set<Long> gone = Set.copyOf(expired);
			List<Long> nextVersions = versions.stream().filter((v) -> !gone.contains(v)).toList();
			Set<Long> nextCorrupt = new HashSet<>(corrupt);
			nextCorrupt.removeAll(gone);
			List<Release> nextRecent = recent.stream().filter((r) -> !gone.contains(r.version())).toList();
			return new State(lastVersion, nextVersions, Set.copyOf(nextCorrupt), nextRecent);
		}

	}

	/** One watch; its own object so closing it removes exactly this registration. */
	private static final class Registration {

		private final ReleaseListener listener;

		Registration(ReleaseListener listener) {
			this.listener = listener;
		}

		void deliver(Release release) {
			try {
				listener.onRelease(release);
			}
			catch (RuntimeException ex) {
				logger.warn("Release listener {} failed on {}@{}", listener, release.target(), release.version(),
						ex);
			}
		}

	}

}
