package io.mcpconfig.server.store.file;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpconfig.server.audit.AuditEntry;
import io.mcpconfig.server.audit.AuditFilter;
import io.mcpconfig.server.audit.AuditPage;
import io.mcpconfig.server.audit.AuditRetention;
import io.mcpconfig.server.audit.AuditStore;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.StoreUnavailableException;
import io.mcpconfig.server.store.StoredJson;
import org.apache.commons.logging.LogFactory;

/**
 * The audit log of a center on the file store: {@code audit.jsonl} in its data directory,
 * one JSON entry per line, each appended and forced to disk before the request that made
 * it is answered. Appends that arrive while the file is being forced share the next force
 * ({@link GroupForce}) instead of each holding the writer for an fsync of its own.
 * <p>
 * One writer at a time; readers never wait for it. What has been written is described by
 * an immutable {@link Log} (the open file, where each whole line is and which target it
 * concerns), swapped whole after each append: a reader picks the lines of its page from
 * it and reads only those, by position, never past the last whole line written. Once the file
 * holds a tenth more than {@code mcp.server.audit.max-entries}, the newest ones are copied
 * into a new file that replaces it ({@link DurableFile}); a reader still on the old file
 * finishes there, or reads the new one when the old one was closed under it. On open, a last line that a
 * crash cut short is removed, an unreadable line is skipped with a warning, and the entry
 * of a retained release or of the last token change that the log is without (a crash or a
 * failed append came between the change and its line) is appended from where it was kept.
 */
public class FileAuditStore implements AuditStore, AutoCloseable {

	static final String FILE_NAME = "audit.jsonl";

	private static final org.apache.commons.logging.Log logger = LogFactory.getLog(FileAuditStore.class);

	/** How entries are written, here and in release files ({@link ReleaseFile}). */
	static final ObjectMapper MAPPER = StoredJson.mapper().build();

	private static final int CHUNK = 64 * 1024;

	private final Path file;

	private final AuditRetention retention;

	private final Object writer = new Object();

	private final AtomicReference<Log> log;

	private final GroupForce forces = new GroupForce();

	private volatile boolean closed;

	/**
	 * Opens the audit log of a data directory.
	 * @param store the file store whose directory holds it (and whose lock guards it)
	 * @param tokens the token store of the same directory
	 * @param retention how many entries to keep
	 * @throws IllegalStateException when the file cannot be opened or read
	 */
	public FileAuditStore(FileReleaseStore store, FileTokenStore tokens, AuditRetention retention) {
		this.file = store.dir().resolve(FILE_NAME);
		this.retention = retention;
		try {
			this.log = new AtomicReference<>(open(this.file));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot open the audit log " + this.file + ": " + ex.getMessage(), ex);
		}
		synchronized (this.writer) {
			trimIfDue(this.log.get());
		}
		appendKeptFrom(store, tokens);
	}

	/**
	 * Appends the entries of retained releases, and of the last token change, that the log
	 * is without: the center stopped between storing the change and appending its entry, or
	 * the append failed (a full disk). One older than every entry in the log, when the log
	 * is full, was dropped by retention or would have been. Appended oldest first, after the
	 * entries already there.
	 */
	private void appendKeptFrom(FileReleaseStore store, FileTokenStore tokens) {
		Log current = this.log.get();
		List<Line> lines = current.newest(current.count());
		// a hand-edited line may have no id
		Set<String> logged = lines.stream().map(Line::id).filter(Objects::nonNull).collect(Collectors.toSet());
		String oldest = (lines.size() < this.retention.maxEntries()) ? ""
				: logged.stream().min(Comparator.naturalOrder()).orElse("");
		Predicate<String> wanted = (id) -> !logged.contains(id) && id.compareTo(oldest) > 0;
		List<AuditEntry> missing = new ArrayList<>(store.takeAuditEntriesAtOpen(wanted));
		tokens.pendingAuditEntry().filter((entry) -> wanted.test(entry.id())).ifPresent(missing::add);
		missing.sort(Comparator.comparing(AuditEntry::id));
		for (AuditEntry entry : missing) {
			String what = (entry.token() != null) ? "token '" + entry.token().name() + "'"
					: entry.app() + "/" + entry.env() + "@" + entry.version();
			String from = (entry.token() != null) ? FileTokenStore.PENDING_AUDIT_FILE_NAME : "its release file";
			logger.info("Appending the audit entry of " + what + " to " + this.file + " from " + from
					+ ", where it was kept");
			try {
				append(entry);
			}
			catch (StoreUnavailableException ex) {
				// the entry stays where it was kept, for the next start: no reason not to start
				logger.error("Cannot append the audit entry of " + what + " to " + this.file + " (" + ex.getMessage()
						+ "); the next start tries again");
			}
		}
	}

	@Override
	public void storedWithChange(AuditEntry entry) {
		append(entry);
	}

	@Override
	public void append(AuditEntry entry) {
		byte[] line = line(entry);
		long number;
		synchronized (this.writer) {
			Log current = current();
			try {
				write(current.channel(), line, current.end());
			}
			catch (IOException ex) {
				cutBack(current);
				throw new StoreUnavailableException("cannot append to the audit log " + this.file + ": " + ex, ex);
			}
			number = this.forces.written();
			Log next = current.with(new Line(entry.target(), entry.id(), current.end(), line.length));
			this.log.set(next);
			trimIfDue(next);
		}
		try {
			this.forces.awaitForced(number, this::force);
		}
		catch (IOException ex) {
			throw new StoreUnavailableException("cannot force the audit log " + this.file + " to disk: " + ex, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StoreUnavailableException("interrupted while the audit log " + this.file
					+ " was forced to disk; the entry may not be on disk", ex);
		}
	}

	/**
	 * Forces what was written to disk. A channel closed under it was replaced by a trim
	 * (whose copy is on disk) or closed by an interrupted reader: reopened, the same file
	 * is forced on the next call.
	 */
	private boolean force() throws IOException {
		Log current = this.log.get();
		try {
			current.channel().force(false);
			return true;
		}
		catch (ClosedChannelException ex) {
			synchronized (this.writer) {
				current();
			}
			return false;
		}
	}

	@Override
	public AuditPage read(AuditFilter filter, int page, int size) {
		while (true) {
			Log current = this.log.get();
			try {
				return AuditPage.read(current.newest(this.retention.maxEntries()), Line::target, Line::id, filter, page,
						size, (lines) -> read(current.channel(), lines));
			}
			catch (ClosedChannelException ex) {
				// closed by the store's close or this thread's interrupt: give up. Replaced by a
				// trim: read the new one. Closed by another reader's interrupt: open it again
				if (this.closed || Thread.currentThread().isInterrupted()) {
					throw new StoreUnavailableException("cannot read the audit log " + this.file + ": it was closed",
							ex);
				}
				if (this.log.get() == current) {
					synchronized (this.writer) {
						current();
					}
				}
			}
			catch (IOException ex) {
				throw new StoreUnavailableException("cannot read the audit log " + this.file + ": " + ex, ex);
			}
		}
	}

	@Override
	public void close() {
		this.closed = true;
		synchronized (this.writer) {
			closeQuietly(this.log.get().channel());
		}
	}

	/** The log to append to; its file again if its channel was closed (an interrupted reader closes it). */
	private Log current() {
		Log current = this.log.get();
		if (this.closed) {
			throw new StoreUnavailableException("the audit log " + this.file + " is closed", null);
		}
		if (current.channel().isOpen()) {
			return current;
		}
		try {
			Log reopened = open(this.file);
			this.log.set(reopened);
			return reopened;
		}
		catch (IOException ex) {
			throw new StoreUnavailableException("cannot open the audit log " + this.file + ": " + ex, ex);
		}
	}

	private void trimIfDue(Log current) {
		if (!this.retention.isDue(current.count())) {
			return;
		}
		List<Line> kept = current.newest(this.retention.maxEntries());
		long from = kept.get(0).offset();
		try {
			DurableFile.write(this.file, (target) -> copy(current.channel(), from, current.end(), target));
			this.forces.allForced();
		}
		catch (IOException ex) {
			logger.warn("Cannot drop the oldest entries of the audit log " + this.file + " (" + ex.toString()
					+ "); trying again with the next entry");
			return;
		}
		// from here on the file is the new one: appends must never go to the old one. The new
		// log comes first, so a reader that finds the old one closed finds the new one too
		try {
			this.log.set(new Log(channel(this.file), kept.stream().map((line) -> line.movedBy(-from)).toList(),
					current.end() - from));
		}
		catch (IOException ex) {
			logger.warn("Cannot open the audit log " + this.file + " after dropping its oldest entries ("
					+ ex.toString() + "); the next entry opens it");
		}
		closeQuietly(current.channel());
	}

	private static Log open(Path file) throws IOException {
		boolean created = !Files.exists(file);
		FileChannel channel = channel(file);
		try {
			if (created) {
				DurableFile.fsyncDirectory(file.toAbsolutePath().getParent());
			}
			List<Line> lines = new ArrayList<>();
			long end = scan(channel, file, lines);
			if (channel.size() > end) {
				logger.warn("Removing the last " + (channel.size() - end) + " bytes of " + file
						+ ": an entry a crash cut short");
				channel.truncate(end);
				channel.force(true);
			}
			return new Log(channel, lines, end);
		}
		catch (IOException | RuntimeException ex) {
			closeQuietly(channel);
			throw ex;
		}
	}

	private static FileChannel channel(Path file) throws IOException {
		return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
	}

	/** Indexes every whole line; answers where the last one ends. */
	private static long scan(FileChannel channel, Path file, List<Line> lines) throws IOException {
		ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
		ByteArrayOutputStream pending = new ByteArrayOutputStream();
		long position = 0;
		long lineStart = 0;
		int read;
		while ((read = channel.read(chunk.clear(), position)) > 0) {
			int from = 0;
			for (int i = 0; i < read; i++) {
				if (chunk.get(i) == '\n') {
					pending.write(chunk.array(), from, i - from);
					long lineEnd = position + i + 1;
					index(pending.toByteArray(), lineStart, (int) (lineEnd - lineStart), file).ifPresent(lines::add);
					pending.reset();
					from = i + 1;
					lineStart = lineEnd;
				}
			}
			pending.write(chunk.array(), from, read - from);
			position += read;
		}
		return lineStart;
	}

	private static Optional<Line> index(byte[] json, long offset, int length, Path file) {
		try {
			AuditEntry entry = MAPPER.readValue(json, AuditEntry.class);
			return Optional.of(new Line(entry.target(), entry.id(), offset, length));
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Skipping the unreadable audit entry at byte " + offset + " of " + file + ": "
					+ ex.getMessage());
			return Optional.empty();
		}
	}

	private List<AuditEntry> read(FileChannel channel, List<Line> lines) throws IOException {
		List<AuditEntry> entries = new ArrayList<>(lines.size());
		for (Line line : lines) {
			read(channel, line).ifPresent(entries::add);
		}
		return entries;
	}

	private Optional<AuditEntry> read(FileChannel channel, Line line) throws IOException {
		ByteBuffer bytes = ByteBuffer.allocate(line.length());
		while (bytes.hasRemaining()) {
			if (channel.read(bytes, line.offset() + bytes.position()) < 0) {
				throw new EOFException(
						"the audit log " + this.file + " ends inside the entry at byte " + line.offset());
			}
		}
		try {
			return Optional.of(MAPPER.readValue(bytes.array(), 0, line.length() - 1, AuditEntry.class));
		}
		catch (IOException ex) {
			logger.warn("Skipping the unreadable audit entry at byte " + line.offset() + " of " + this.file + ": "
					+ ex.getMessage());
			return Optional.empty();
		}
	}

	private static byte[] line(AuditEntry entry) {
		try {
			// JSON escapes every line break inside strings: one entry is one line
			byte[] json = MAPPER.writeValueAsBytes(entry);
			byte[] line = new byte[json.length + 1];
			System.arraycopy(json, 0, line, 0, json.length);
			line[json.length] = '\n';
			return line;
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot serialize audit entry " + entry.id(), ex);
		}
	}

	private static void write(FileChannel channel, byte[] bytes, long position) throws IOException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		while (buffer.hasRemaining()) {
			channel.write(buffer, position + buffer.position());
		}
	}

	private static void copy(FileChannel source, long from, long to, FileChannel target) throws IOException {
		for (long at = from; at < to;) {
			long copied = source.transferTo(at, to - at, target);
			if (copied <= 0 && at < to) {
				throw new EOFException("the audit log ends at byte " + at + ", before " + to);
			}
			at += copied;
		}
	}

	/** A failed append may have written part of its line: take it back so the next one starts clean. */
	private void cutBack(Log current) {
		try {
			current.channel().truncate(current.end());
		}
		catch (IOException ex) {
			logger.warn("Cannot remove a partly written audit entry from " + this.file + ": " + ex.toString());
		}
	}

	private static void closeQuietly(FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			logger.debug("Cannot close the audit log: " + ex.toString());
		}
	}

	/**
	 * What the file holds now.
	 * <p>
	 * Its lines are the first {@code count} of an array that only the writer adds to, past
	 * every log's count, growing into a new array when full: appending costs no copy of
	 * the lines, and a log, once published, never sees its lines change.
	 *
	 * @param channel the open file, read by position and written at {@code end}
	 * @param lines every readable line, oldest first, in the first {@code count} slots
	 * @param count how many lines this log holds
	 * @param end where the last whole line ends: nothing past it is read
	 */
	private record Log(FileChannel channel, Line[] lines, int count, long end) {

		Log(FileChannel channel, List<Line> lines, long end) {
			this(channel, lines.toArray(new Line[Math.max(16, lines.size() * 2)]), lines.size(), end);
		}

		Log with(Line line) {
			Line[] into = (this.count < this.lines.length) ? this.lines
					: Arrays.copyOf(this.lines, this.lines.length * 2);
			into[this.count] = line;
			return new Log(this.channel, into, this.count + 1, this.end + line.length());
		}

		List<Line> newest(int count) {
			return Arrays.asList(this.lines).subList(Math.max(0, this.count - count), this.count);
		}

	}

	/**
	 * One entry's line.
	 *
	 * @param target the entry's target, {@code null} for a token change
	 * @param id the entry's id
	 * @param offset where the line starts
	 * @param length its bytes, the line break included
	 */
	private record Line(Target target, String id, long offset, int length) {

		Line movedBy(long bytes) {
			return new Line(this.target, this.id, this.offset + bytes, this.length);
		}

	}

}
