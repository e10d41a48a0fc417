package io.mcpconfig.bench.streams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
		Path stat = Path.of("/proc", Long.toString(pid), "stat");
		if (!Files.exists(stat)) {
			return 0;
		}
		String text = Files.readString(stat);
		// the command name in parentheses may hold spaces: count fields after its closing one
		String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
		// utime and stime are fields 14 and 15 of the line, 12 and 13 after the name and state
		return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
	}

	double rssMiB() {
		return this.rssKiB / 1024.0;
	}

	private static long kib(String line) {
		return Long.parseLong(line.replaceAll("[^0-9]", ""));
	}

}
