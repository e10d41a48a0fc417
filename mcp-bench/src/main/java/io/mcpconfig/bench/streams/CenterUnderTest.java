package io.mcpconfig.bench.streams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.mcpconfig.testsupport.center.McpServerProcess;

/**
 * The center being measured: the runnable jar in a JVM of its own (as in production,
 * not the tests' C1-only small heap), over a data directory that outlives a kill, reached
 * as operators reach it: the admin API with the admin token, /proc for its resources,
 * {@code jcmd} to collect its garbage before the heap is read, its log for what went wrong.
 */
final class CenterUnderTest implements AutoCloseable {

	/** Lines of the center's log worth counting, by what they mean. */
	private static final Map<String, Pattern> LOG_PATTERNS = Map.of("store reads refused",
			Pattern.compile("too many store reads waiting"), "sessions failed", Pattern.compile("Session \\S+ of .* failed"),
			"out of memory", Pattern.compile("OutOfMemoryError"), "too many open files",
			Pattern.compile("Too many open files"));

	private final McpServerProcess process;

	private final Path workDir;

	private final String app;

	private final String env;

	private CenterUnderTest(McpServerProcess process, Path workDir, String app, String env) {
		this.process = process;
		this.workDir = workDir;
		this.app = app;
		this.env = env;
	}

	/**
	 * Starts a center on free loopback ports with its file store under {@code workDir}.
	 * @param jar the center's runnable jar
	 * @param jvmOptions its JVM options ({@code -Xmx1g})
	 */
	static CenterUnderTest start(Path jar, Path workDir, List<String> jvmOptions, String app, String env)
			throws IOException {
		System.setProperty("mcp.server.jar", jar.toString());
		McpServerProcess process = McpServerProcess.prepare(workDir, jvmOptions);
		process.start();
		return new CenterUnderTest(process, workDir, app, env);
	}

	String grpcAddress() {
		return this.process.grpcAddress();
	}

	String token() {
		return McpServerProcess.ADMIN_TOKEN;
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/** {@code alive}, or how the process ended ({@code exit 137}: SIGKILL). */
	String state() {
		return this.process.exitCode().stream().mapToObj((code) -> "exit " + code).findFirst().orElse("alive");
	}

	/** Publishes the configuration to the fleet's target; answers its version. */
	long publish(ConfigBody body) {
		return this.process.admin().publishYaml(this.app, this.env, body.yaml());
	}

	/**
	 * The center's push lag so far ({@code mcp.sync.push.lag}): from the release stored to
	 * its update handed to each stream, as a count and a total, so that two readings give
	 * the mean of what happened between them; {@code null} for a center without the meter
	 * (a build before it).
	 */
	PushLag pushLag() {
		Map<String, Double> statistics = this.process.metric("mcp.sync.push.lag");
		if (statistics.isEmpty()) {
			return null;
		}
		return new PushLag(statistics.get("COUNT").longValue(), statistics.get("TOTAL_TIME") * 1000);
	}

	/**
	 * A reading of the center's push lag meter.
	 *
	 * @param count updates handed to streams so far
	 * @param totalMs their lags, summed
	 */
	record PushLag(long count, double totalMs) {

		/** The mean lag of the updates since {@code earlier}; 0 when there were none. */
		double meanMsSince(PushLag earlier) {
			long updates = this.count - earlier.count;
			return (updates > 0) ? (this.totalMs - earlier.totalMs) / updates : 0;
		}

	}

	/** The center's process id, for what /proc says of it. */
	long pid() {
		return this.process.pid();
	}

	ProcessResources resources() throws IOException {
		return ProcessResources.of(pid());
	}

	/** Heap in use right after a full collection ({@code jcmd GC.run}), from the center's own metric. */
	double heapAfterGcMiB() throws IOException, InterruptedException {
		return this.process.heapAfterGcMiB();
	}

	/** A crash: SIGKILL, streams cut, nothing flushed. */
	void kill() throws InterruptedException {
		this.process.kill();
	}

	/** Starts again on the same ports and data; returns once its health is UP. */
	void restart() throws IOException {
		this.process.start();
	}

	/** How many lines of the center's logs so far match each pattern of {@link #LOG_PATTERNS}. */
	Map<String, Long> logCounts() throws IOException {
		Map<String, Long> counts = new LinkedHashMap<>();
		LOG_PATTERNS.keySet().stream().sorted().forEach((name) -> counts.put(name, 0L));
		try (Stream<Path> logs = Files.list(this.workDir)) {
			for (Path log : logs.filter((p) -> p.getFileName().toString().endsWith(".log")).toList()) {
				try (Stream<String> lines = Files.lines(log, StandardCharsets.ISO_8859_1)) {
					lines.forEach((line) -> LOG_PATTERNS.forEach((name, pattern) -> {
						if (pattern.matcher(line).find()) {
							counts.merge(name, 1L, Long::sum);
						}
					}));
				}
			}
		}
		return counts;
	}

	@Override
	public void close() {
		this.process.stop();
	}

}
