package io.mcpconfig.server.store.file;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The lock on {@code <dir>/lock} that keeps a second server (or a second store in this
 * process) off a data directory. The file names its holder ({@code pid 1234 on host}), so
 * that the one refused can say who holds it.
 */
final class DataDirectoryLock implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(DataDirectoryLock.class);

	private final Path dir;

	private final FileChannel channel;

	private final FileLock lock;

	private DataDirectoryLock(Path dir, FileChannel channel, FileLock lock) {
		this.dir = dir;
		this.channel = channel;
		this.lock = lock;
	}

	/**
	 * Takes the lock of a data directory that exists.
	 * @param dir the data directory
	 * @return the lock, held until closed
	 * @throws DataDirectoryInUseException when another server or store holds it
	 * @throws IllegalStateException when the lock file cannot be opened or locked
	 */
	static DataDirectoryLock acquire(Path dir) {
		Path lockFile = dir.resolve("lock");
		FileChannel channel = open(lockFile);
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
			logger.debug("Cannot record the lock holder in " + lockFile + ": " + ex.toString());
		}
		return new DataDirectoryLock(dir, channel, lock);
	}

	/** Whether the lock is still held: not released, its file channel open. */
	boolean isValid() {
		return lock.isValid();
	}

	/** Releases the lock; never fails. */
	@Override
	public void close() {
		try {
			if (lock.isValid()) {
				lock.release();
			}
		}
		catch (IOException ex) {
			logger.debug("Cannot release the lock on " + dir + ": " + ex.toString());
		}
		closeQuietly(channel);
	}

	private static FileChannel open(Path lockFile) {
		try {
			return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
					StandardOpenOption.WRITE);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot open the lock file " + lockFile + ": " + ex, ex);
		}
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

	private static void closeQuietly(FileChannel channel) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			logger.debug("Cannot close " + channel + ": " + ex.toString());
		}
	}

}
