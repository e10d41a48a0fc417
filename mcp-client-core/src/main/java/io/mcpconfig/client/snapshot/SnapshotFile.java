package io.mcpconfig.client.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;

/**
 * The local snapshot of the last configuration an instance received from the config
 * center, one file per target: {@code <snapshot-dir>/<app>/<env>.snapshot.json}. It is
 * what the instance starts from when the center cannot be reached.
 * <p>
 * Written atomically: the content goes to a temporary file in the same directory, is
 * forced to disk, then renamed over the snapshot, so a reader (or a crash) sees the old
 * file or the new one, never half of one. Readable by its owner only, since a
 * configuration may hold secrets. Read back only when it belongs to the same target and
 * its properties match the checksum it was saved with. It records the active profiles and
 * labels it was served for: the directory is shared by every instance of a user on a
 * host, and whether one may start from it is for the caller to decide
 * ({@link Snapshot#isFor}).
 */
public final class SnapshotFile {

	private static final String SUFFIX = ".snapshot.json";

	private final ConfigTarget target;

	private final Path path;

	/**
	 * The snapshot file of a target.
	 * @param directory the snapshot directory ({@code mcp.client.snapshot-dir})
	 * @param target the target
	 */
	public SnapshotFile(Path directory, ConfigTarget target) {
		this.target = target;
		this.path = fileOf(directory, target, SUFFIX);
	}

	/** A target's file of the snapshot directory: {@code <directory>/<app>/<env><suffix>}. */
	static Path fileOf(Path directory, ConfigTarget target, String suffix) {
		// the target's names are valid path segments (TargetNames): no separator, not . or ..
		return directory.resolve(target.app()).resolve(target.env() + suffix);
	}

	/**
	 * Where the snapshot is.
	 * @return the file's path
	 */
	public Path path() {
		return this.path;
	}

	/**
	 * Replaces the snapshot with a configuration, atomically.
	 * @param config the configuration to keep
	 * @param servedFor the instance's active profiles and labels, which the center chose
	 * the configuration by, recorded so that an instance with others does not start from it
	 * @param savedAt the current time, recorded in the file
	 * @throws IOException if the directory cannot be created or the file written; the
	 * previous snapshot, if any, is then unchanged
	 */
	public void write(HeldConfig config, ProfilesAndLabels servedFor, Instant savedAt) throws IOException {
		if (!config.target().equals(this.target)) {
			throw new IllegalArgumentException("This is the snapshot of " + this.target + ", not " + config.target());
		}
		writeAtomically(this.path, SnapshotFormat.write(config, servedFor, savedAt));
	}

	/**
	 * Replaces a file of the snapshot directory with ASCII text: written to a temporary
	 * file in the same directory, readable by its owner only, forced to disk, renamed over
	 * the file.
	 * @throws IOException if the directory cannot be created or the file written; the
	 * file, if any, is then unchanged
	 */
	static void writeAtomically(Path file, String ascii) throws IOException {
		Path directory = file.getParent();
		Files.createDirectories(directory, ownerOnly());
		// createTempFile makes the file readable by its owner only
		Path temporary = Files.createTempFile(directory, file.getFileName().toString(), ".tmp");
		try {
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
				ByteBuffer content = StandardCharsets.US_ASCII.encode(ascii);
				while (content.hasRemaining()) {
					channel.write(content);
				}
				channel.force(true);
			}
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
		}
		finally {
			Files.deleteIfExists(temporary);
		}
		syncDirectory(directory);
	}

	/**
	 * Reads the snapshot back.
	 * @param now the current time, as the time the configuration was taken
	 * @return the snapshot, or empty when there is no snapshot file
	 * @throws IOException if the file cannot be read or cannot serve
	 * ({@link InvalidSnapshotException}); the message names the file and why
	 */
	public Optional<Snapshot> read(Instant now) throws IOException {
		byte[] content;
		try {
			content = Files.readAllBytes(this.path);
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		return Optional.of(SnapshotFormat.read(this.path, new String(content, StandardCharsets.UTF_8), this.target,
				now));
	}

	// The rename is durable only once the directory entry is; not possible everywhere (Windows).
	private static void syncDirectory(Path directory) {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// the rename itself is done
		}
	}

	private static FileAttribute<?>[] ownerOnly() {
		if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			return new FileAttribute<?>[0];
		}
		return new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")) };
	}

	@Override
	public String toString() {
		return this.path.toString();
	}

}
