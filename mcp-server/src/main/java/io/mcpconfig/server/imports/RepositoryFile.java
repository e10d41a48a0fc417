package io.mcpconfig.server.imports;

/**
 * One regular file of an uploaded repository.
 *
 * @param path its path in the archive, {@code /}-separated, without a leading {@code ./}
 * @param content its bytes
 */
record RepositoryFile(String path, byte[] content) {

	/** The name after the last {@code /}. */
	String name() {
		return path.substring(path.lastIndexOf('/') + 1);
	}

	/** The folder before the name, empty at the root. */
	String folder() {
		int slash = path.lastIndexOf('/');
		return (slash < 0) ? "" : path.substring(0, slash);
	}

}
