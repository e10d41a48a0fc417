package io.mcpconfig.bench.streams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a process uses right now, from Linux's /proc: resident memory (now and its peak),
 * threads, and CPU time (user + system).
 *
 * @param rssKiB {@code VmRSS}
 * @param peakRssKiB {@code VmHWM}, the highest resident memory so far
 * @param threads {@code Threads}
 * @param cpuSeconds {@code utime + stime} of /proc/pid/stat
 */
record ProcessResources(long rssKiB, long peakRssKiB, int threads, double cpuSeconds) {

	/** Linux reports CPU time in clock ticks of 1/100 s ({@code getconf CLK_TCK}) on every common platform. */
	private static final double TICKS_PER_SECOND = 100.0;

	private static final Pattern COMPILER_THREADS = Pattern.compile("C1 CompilerThre|C2 CompilerThre|Sweeper thread");

	private static final Pattern GC_THREADS = Pattern.compile("GC Thread#|G1 |VM Thread");

	static ProcessResources of(long pid) throws IOException {
		long rss = 0;
		long peak = 0;
		int threads = 0;
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
			if (line.startsWith("VmRSS:")) {
				rss = kib(line);
			}
			else if (line.startsWith("VmHWM:")) {
				peak = kib(line);
			}
			else if (line.startsWith("Threads:")) {
				threads = Integer.parseInt(line.substring("Threads:".length()).trim());
			}
		}
		return new ProcessResources(rss, peak, threads, cpuSeconds(pid));
	}

	/** CPU seconds of a process, 0 when it is gone. */
	static double cpuSeconds(long pid) throws IOException {
		return cpuSecondsOf(Path.of("/proc", Long.toString(pid), "stat"));
	}

	/**
	 * CPU seconds of a JVM's own threads, the JIT compilers' and the garbage collector's,
	 * by their names (Linux keeps the first 15 characters): a center that just took
	 * thousands of streams still compiles their code for a while, and a figure of what the
	 * streams cost it must not count that.
	 * @param pid the JVM
	 * @return compiler and GC seconds; threads that ended are not counted
	 */
	static JvmThreadsCpu jvmThreadsCpu(long pid) throws IOException {
		double compiler = 0;
		double gc = 0;
		Path tasks = Path.of("/proc", Long.toString(pid), "task");
		if (!Files.isDirectory(tasks)) {
			return new JvmThreadsCpu(0, 0);
		}
		try (Stream<Path> threads = Files.list(tasks)) {
			for (Path thread : threads.toList()) {
				try {
					String name = Files.readString(thread.resolve("comm")).trim();
					if (COMPILER_THREADS.matcher(name).lookingAt()) {
						compiler += cpuSecondsOf(thread.resolve("stat"));
					}
					else if (GC_THREADS.matcher(name).lookingAt()) {
						gc += cpuSecondsOf(thread.resolve("stat"));
					}
				}
				catch (NoSuchFileException ex) {
					// the thread ended while listed
				}
			}
		}
		return new JvmThreadsCpu(compiler, gc);
	}

	private static double cpuSecondsOf(Path stat) throws IOException {
		if (!Files.exists(stat)) {
			return 0;
		}
		String text = Files.readString(stat);
		// the command name in parentheses may hold spaces: count fields after its closing one
		String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
		// utime and stime are fields 14 and 15 of the line, 12 and 13 after the name and state
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
	}

	/**
	 * CPU seconds of a JVM's compiler threads and GC threads (with the VM thread, which runs
	 * the collections' pauses).
	 */
	record JvmThreadsCpu(double compilerSeconds, double gcSeconds) {
	}

	double rssMiB() {
		return this.rssKiB / 1024.0;
	}

	private static long kib(String line) {
		return Long.parseLong(line.replaceAll("[^0-9]", ""));
	}

}
