package io.mcpconfig.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A runnable jar the build made, which a benchmark starts in a JVM of its own. */
public final class BuiltJar {

	private BuiltJar() {
	}

	/**
	 * {@code given} when there is one, else the jar in {@code dir} named
	 * {@code prefix*suffix}.
	 */
	public static Path find(String given, Path dir, String prefix, String suffix) throws IOException {
		if (given != null) {
			return Path.of(given);
		}
		try (Stream<Path> files = Files.list(dir)) {
			return files
				.filter((f) -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(suffix))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no " + prefix + "*" + suffix + " in " + dir
						+ ": build it first (mvn -B -o package -DskipTests -pl mcp-bench -am) or name it"));
		}
	}

}
