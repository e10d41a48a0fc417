package io.mcpconfig.server.store.file;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.mcpconfig.server.release.InvalidTargetException;
import io.mcpconfig.server.audit.AuditEntry;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.StoreUnavailableException;
import io.mcpconfig.server.store.file.ReleaseFile.CorruptReleaseException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One target's releases on disk, {@code <releases>/<app>/<env>/<version>.json}, and what
 * is known about them: an immutable {@link State}, replaced whole by each append and read
 * without a lock, so a history is always read from one state. Appends are not
 * concurrent: the store makes them under the log's monitor.
 */
final class ReleaseLog {

	private static final Log logger = LogFactory.getLog(ReleaseLog.class);

	private static final Pattern RELEASE_FILE = Pattern.compile("(\\d{19})\\.json");

	/** Newest releases per target held in memory: the current one and usual delta bases. */
	private static final int RECENT = 4;

	private final Target target;

	private final Path dir;

	private volatile State state;

	/**
	 * The id of the audit entry each file kept when the log was opened, by version: handed
	 * to the audit log once at start, then let go (a large store holds many).
	 */
	private volatile Map<Long, String> auditIdsAtOpen;

	private ReleaseLog(Target target, Path dir, State state, Map<Long, String> auditIdsAtOpen) {
		this.target = target;
		this.dir = dir;
		this.state = state;
		this.auditIdsAtOpen = auditIdsAtOpen;
	}

	/**
	 * The log of a target that has no release yet; its directory is created by the first
	 * append.
	 */
	static ReleaseLog empty(Target target, Path releasesDir) {
		return new ReleaseLog(target, releasesDir.resolve(target.app()).resolve(target.env()), State.EMPTY, Map.of());
	}

	/**
	 * The logs of every target under the releases directory, each file verified: leftover
	 * temporary files are removed, corrupt ones skipped with a warning, anything else that
	 * is not a release ignored with one.
	 * @param releasesDir the directory of the apps' directories
	 * @return the log of each target found
	 * @throws IllegalStateException when a directory cannot be read
	 */
	static Map<Target, ReleaseLog> openAll(Path releasesDir) {
		Map<Target, ReleaseLog> logs = new HashMap<>();
		for (Path appDir : list(releasesDir)) {
			if (!Files.isDirectory(appDir)) {
				logger.warn("Ignoring " + appDir + ": not a directory of an app");
				continue;
			}
			for (Path envDir : list(appDir)) {
				if (!Files.isDirectory(envDir)) {
					logger.warn("Ignoring " + envDir + ": not a directory of an env");
					continue;
				}
				Target target;
				try {
					target = new Target(appDir.getFileName().toString(), envDir.getFileName().toString());
				}
				catch (InvalidTargetException ex) {
					logger.warn("Ignoring " + envDir + ": " + ex.getMessage());
					continue;
				}
				Loaded loaded = load(target, envDir);
				logs.put(target, new ReleaseLog(target, envDir, loaded.state(), loaded.auditIds()));
			}
		}
		return logs;
	}

	State state() {
		return state;
	}

	/**
	 * Writes a release durably and makes it the current one; the versions that retention
	 * lets go leave the state at once, their files only with {@link Appended#deleteExpired()}.
	 * The caller holds this log's monitor.
	 * @param release the next release of this target
	 * @param entry its audit entry, kept in its file; {@code null} for none
	 * @param retention what to keep
	 * @return what the append let go
	 * @throws StoreUnavailableException when the release cannot be written; nothing changed
	 */
	Appended append(Release release, AuditEntry entry, ReleaseRetention retention) {
		write(release, entry);
		State next = state.append(release);
		List<Long> expired = retention.expired(next);
		state = next.without(expired);
		return new Appended(expired);
	}

	/**
	 * The versions an append let go. Their files are deleted after the release is delivered,
	 * off the path from a publish to its push (an unlink right after the fsyncs waits on the
	 * journal). The state no longer lists them; files a crash leaves behind are let go by
	 * the target's next append, which finds them expired again.
	 */
	final class Appended {

		private final List<Long> expired;

		private Appended(List<Long> expired) {
			this.expired = expired;
		}

		void deleteExpired() {
			deleteQuietly(this.expired);
		}

	}

	/** A retained, intact version; empty when there is none. */
	Optional<Release> release(long version) {
		State state = this.state;
		if (!state.versions().contains(version) || state.corrupt().contains(version)) {
			return Optional.empty();
		}
		return release(state, version);
	}

	/**
	 * The audit entries kept in the files of this log's releases, as found when it was
	 * opened, of the retained versions whose entry ids pass; once: the ids are let go.
	 * @param wanted which entry ids to read
	 */
	List<AuditEntry> takeAuditEntriesAtOpen(Predicate<String> wanted) {
		Map<Long, String> ids = this.auditIdsAtOpen;
		this.auditIdsAtOpen = Map.of();
		List<AuditEntry> entries = new ArrayList<>();
		ids.forEach((version, id) -> {
			if (!wanted.test(id) || !state.versions().contains(version)) {
				return;
			}
			Path file = dir.resolve(fileName(version));
			try {
				ReleaseFile.auditEntry(Files.readAllBytes(file)).ifPresent(entries::add);
			}
			catch (IOException | CorruptReleaseException ex) {
				logger.warn("Cannot read the audit entry kept in " + file + ": " + ex.getMessage());
			}
		});
		return entries;
	}

	/**
	 * Up to {@code limit} retained releases, newest first, of one state: each file is read
	 * when the stream reaches it.
	 */
	Stream<Release> history(int limit) {
		State state = this.state;
		List<Long> versions = state.versions();
		return IntStream.iterate(versions.size() - 1, (i) -> i >= 0, (i) -> i - 1)
			.mapToObj(versions::get)
			.filter((version) -> !state.corrupt().contains(version))
			.map((version) -> release(state, version))
			.flatMap(Optional::stream)
			.limit(limit);
	}

	/**
	 * A retained, intact version of one state of the log (a history is read from a single
	 * state): from those held in memory, else from its file.
	 */
	private Optional<Release> release(State state, long version) {
		for (Release release : state.recent()) {
			if (release.version() == version) {
				return Optional.of(release);
			}
		}
		return read(version);
	}

	// --- files ---

	private static String fileName(long version) {
		return String.format("%019d.json", version);
	}

	private void write(Release release, AuditEntry entry) {
		try {
			if (!Files.isDirectory(dir)) {
				Files.createDirectories(dir);
				DurableFile.fsyncDirectory(dir.getParent());
				DurableFile.fsyncDirectory(dir.getParent().getParent());
			}
			DurableFile.write(dir.resolve(fileName(release.version())), ReleaseFile.write(release, entry));
		}
		catch (IOException ex) {
			throw new StoreUnavailableException("cannot write release " + release.target() + "@" + release.version()
					+ " to " + dir + ": " + reason(ex), ex);
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

	private void deleteQuietly(List<Long> versions) {
		for (long version : versions) {
			Path file = dir.resolve(fileName(version));
			try {
				Files.deleteIfExists(file);
			}
			catch (IOException ex) {
				logger.warn("Cannot delete expired release file " + file + ": " + ex.toString());
			}
		}
	}

	/**
	 * A retained version from its file: empty when retention removed it since the state
	 * was read, or when it is corrupt (skipped with a warning, as at opening).
	 * @throws StoreUnavailableException when the file cannot be read (a disk error, no
	 * file handle left): a history must not come back shorter for it
	 */
	private Optional<Release> read(long version) {
		Path file = dir.resolve(fileName(version));
		try {
			return Optional.of(ReleaseFile.read(Files.readAllBytes(file), target, version));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (CorruptReleaseException ex) {
			logger.warn("Skipping release file " + file + ": " + ex.getMessage() + "; it is not served");
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new StoreUnavailableException("cannot read release " + target + "@" + version + " from " + file + ": "
					+ reason(ex), ex);
		}
	}

	// --- opening ---

	private static Loaded load(Target target, Path envDir) {
		TreeMap<Long, Path> files = new TreeMap<>();
		long lastVersion = 0;
		for (Path file : list(envDir)) {
			String name = file.getFileName().toString();
			Matcher matcher = RELEASE_FILE.matcher(name);
			if (name.endsWith(DurableFile.TEMP_SUFFIX)) {
				logger.info("Removing " + file + ", left over from an interrupted publish");
				deleteTemp(file);
			}
			else if (matcher.matches()) {
				long version = Long.parseLong(matcher.group(1));
				files.put(version, file);
				lastVersion = Math.max(lastVersion, version);
			}
			else {
				logger.warn("Ignoring " + file + ": not a release file");
			}
		}
		List<Long> versions = new ArrayList<>(files.keySet());
		Set<Long> corrupt = new HashSet<>();
		List<Release> recent = new ArrayList<>();
		Map<Long, String> auditIds = new HashMap<>();
		for (Long version : files.descendingKeySet()) {
			Path file = files.get(version);
			try {
				ReleaseFile.Read read = ReleaseFile.readWithAuditId(Files.readAllBytes(file), target, version);
				if (recent.size() < RECENT) {
					recent.add(read.release());
				}
				if (read.auditId() != null) {
					auditIds.put(version, read.auditId());
				}
			}
			catch (IOException | CorruptReleaseException ex) {
				logger.warn("Skipping release file " + file + ": " + ex.getMessage() + "; it is not served and version "
						+ version + " of " + target + " is not reused");
				corrupt.add(version);
			}
		}
		return new Loaded(new State(lastVersion, List.copyOf(versions), Set.copyOf(corrupt), List.copyOf(recent)),
				Map.copyOf(auditIds));
	}

	/** What opening a target's directory found. */
	private record Loaded(State state, Map<Long, String> auditIds) {
	}

	private static void deleteTemp(Path temp) {
		try {
			Files.deleteIfExists(temp);
		}
		catch (IOException ex) {
			logger.warn("Cannot remove temporary file " + temp + ": " + ex.toString());
		}
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

	/**
	 * What is on disk for one target.
	 *
	 * @param lastVersion the highest version ever written, corrupt ones included
	 * @param versions every release file's version, ascending
	 * @param corrupt versions whose files failed verification
	 * @param recent the newest intact releases, newest first
	 */
	record State(long lastVersion, List<Long> versions, Set<Long> corrupt, List<Release> recent) {

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

}
