package io.mcpconfig.testsupport.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Directories the tests' helpers make and take away again (etcd members' data, class data
 * sharing archives), without Spring on their class path.
 */
public final class Directories {

	private Directories() {
	}

	/**
	 * Deletes a directory and all it holds; nothing when it is {@code null} or not there.
	 * @param dir the directory
	 * @throws IOException if a file cannot be deleted
	 */
	public static void deleteRecursively(Path dir) throws IOException {
		if (dir == null || !Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

}
