package io.mcpconfig.server.store.file;

import java.nio.file.Path;

/** Another server (or another store in this process) holds the lock of the data directory. */
public class DataDirectoryInUseException extends IllegalStateException {

	private final Path dir;

	DataDirectoryInUseException(Path dir, Path lockFile, String holder) {
		super("The data directory " + dir + " is in use by another MCP server"
				+ (holder.isEmpty() ? "" : " (" + holder + ")") + ": its lock file " + lockFile + " is held.");
		this.dir = dir;
	}

	public Path dir() {
		return dir;
	}

}
