package io.mcpconfig.bench.streams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Where and when a run was made, as docs/benchmarks.md states it beside the figures.
 *
 * @param startedAt UTC, to the second
 * @param cores {@code availableProcessors}
 * @param memoryMiB {@code MemTotal}
 * @param openFilesLimit this process's {@code Max open files}, which every process here shares
 * @param java the JVM's version and vendor
 * @param kernel {@code os.name} and {@code os.version}
 * @param loadAtStart {@code /proc/loadavg} at the start
 */
record Machine(String startedAt, int cores, long memoryMiB, String openFilesLimit, String java, String kernel,
		String loadAtStart) {

	static Machine now() throws IOException {
		long memory = Files.readAllLines(Path.of("/proc/meminfo"))
			.stream()
			.filter((line) -> line.startsWith("MemTotal:"))
			.mapToLong((line) -> Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024)
			.findFirst()
			.orElse(0);
		String files = Files.readAllLines(Path.of("/proc/self/limits"))
			.stream()
			.filter((line) -> line.startsWith("Max open files"))
			.map((line) -> line.replaceAll("Max open files\\s+", "").replaceAll("\\s+", " ").trim())
			.findFirst()
			.orElse("?");
		return new Machine(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
				Runtime.getRuntime().availableProcessors(), memory, files,
				System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
				System.getProperty("os.name") + " " + System.getProperty("os.version"), load());
	}

	static String load() throws IOException {
		return Files.readString(Path.of("/proc/loadavg")).trim();
	}

}
