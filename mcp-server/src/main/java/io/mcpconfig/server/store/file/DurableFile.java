package io.mcpconfig.server.store.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Replaces a file's content so that a crash leaves the old content or the new, never half
 * of it: written to a temporary file in the same directory, forced to disk, renamed over
 * the old one, and the rename forced to disk.
 */
final class DurableFile {

	private static final Log logger = LogFactory.getLog(DurableFile.class);

	static final String TEMP_SUFFIX = ".tmp";

	private DurableFile() {
	}

	static void write(Path file, byte[] bytes) throws IOException {
		write(file, (channel) -> {
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
		});
	}

	/**
	 * The same for content written piece by piece, too large to hold in memory at once.
	 * @param file the file to replace
	 * @param content writes the new content into the temporary file's channel
	 */
	static void write(Path file, Content content) throws IOException {
		Path directory = file.toAbsolutePath().getParent();
		Path temp = directory.resolve("." + file.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
		boolean moved = false;
		try {
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
				content.writeTo(channel);
				channel.force(true);
			}
			Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
			moved = true;
			fsyncDirectory(directory);
		}
		finally {
			if (!moved) {
				Files.deleteIfExists(temp);
			}
		}
	}

	/** Makes a rename or a new entry durable; platforms that cannot open directories skip it. */
	static void fsyncDirectory(Path directory) {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			if (logger.isDebugEnabled()) {
				logger.debug("Cannot fsync directory " + directory + ": " + ex.toString());
			}
		}
	}

	/** What goes into a file. */
	@FunctionalInterface
	interface Content {

		void writeTo(FileChannel channel) throws IOException;

	}

}
