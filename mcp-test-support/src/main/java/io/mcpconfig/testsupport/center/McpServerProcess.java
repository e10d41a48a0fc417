package io.mcpconfig.testsupport.center;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.mcpconfig.protocol.ListenPorts;
import io.mcpconfig.testsupport.process.ClassDataSharing;
import io.mcpconfig.testsupport.process.JavaCommand;

import static org.awaitility.Awaitility.await;

/**
 * The real config center in its own JVM, started from the runnable jar the build made (with
 * the tests' JVM options: extracted, with class data sharing, {@link ClassDataSharing}), on
 * free loopback ports over a data directory that outlives restarts. Killing it is a real
 * crash: the client sees its stream die.
 */
public final class McpServerProcess implements AutoCloseable {

	/**
	 * The admin token of every center these tests start ({@code mcp.server.security.admin-token}),
	 * one per test JVM: replicas and restarts accept the same.
	 */
	public static final String ADMIN_TOKEN = "test-admin-" + UUID.randomUUID();

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);

	/** What the tests run the center with: a small heap, and C1 only, which starts fastest. */
	public static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1");

	private final Path dataDir;

	private final Path log;

	private final int httpPort;

	private final int grpcPort;

	private final List<String> extraArgs;

	private final List<String> jvmOptions;

	private Process process;

	private volatile List<String> command = List.of();

	/** Kills the server if the test JVM dies without stopping it: no orphans on CI. */
	private Thread orphanGuard;

	private McpServerProcess(Path workDir, List<String> jvmOptions, List<String> extraArgs) throws IOException {
		this.dataDir = Files.createDirectories(workDir.resolve("data"));
		this.httpPort = ListenPorts.free();
		this.grpcPort = ListenPorts.free();
		// One log per process: two processes may take turns on one data directory.
		this.log = workDir.resolve("server-" + httpPort + ".log");
		this.extraArgs = List.copyOf(extraArgs);
		this.jvmOptions = List.copyOf(jvmOptions);
	}

	/**
	 * Starts a center on new free ports over {@code workDir/data}; a later start on the same
	 * work dir sees the same releases (once this one is stopped: the store locks its dir).
	 */
	public static McpServerProcess start(Path workDir, String... extraArgs) throws IOException {
		McpServerProcess server = prepare(workDir, extraArgs);
		server.start();
		return server;
	}

	/** A center whose ports are known but which is not started yet: a center that is down. */
	public static McpServerProcess prepare(Path workDir, String... extraArgs) throws IOException {
		return new McpServerProcess(workDir, TEST_JVM_OPTIONS, List.of(extraArgs));
	}

	/**
	 * A center that is not started yet, run with the given JVM options instead of the
	 * tests' small C1-only heap: the benchmarks measure it as it runs in production.
	 */
	public static McpServerProcess prepare(Path workDir, List<String> jvmOptions, String... extraArgs)
			throws IOException {
		return new McpServerProcess(workDir, jvmOptions, List.of(extraArgs));
	}

	/** Starts (again) on the same ports and data directory. */
	public void start() throws IOException {
		Path jar = Path.of(System.getProperty("mcp.server.jar", "../mcp-server/target/mcp-server-exec.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("mcp-server jar not found at " + jar.toAbsolutePath()
					+ ": build it first (mvn -pl mcp-server package)");
		}
		List<String> command = new ArrayList<>();
		command.add(JavaCommand.path());
		command.addAll(jvmOptions);
		// the benchmarks' own options run the exec jar, as in production
		command.addAll(jvmOptions.equals(TEST_JVM_OPTIONS)
				? ClassDataSharing.launch(jar.toAbsolutePath(), jvmOptions, McpServerProcess::training)
				: List.of("-jar", jar.toString()));
		command.addAll(arguments(httpPort, grpcPort, dataDir));
		command.addAll(extraArgs);
		this.command = List.copyOf(command);
		process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		Process started = process;
		orphanGuard = new Thread(started::destroyForcibly, "mcp-server-orphan-guard");
		Runtime.getRuntime().addShutdownHook(orphanGuard);
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		try {
			await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
				if (!process.isAlive()) {
					throw new IllegalStateException("mcp-server exited with " + process.exitValue() + ":\n" + logTail());
				}
				return isUp(http);
			});
		}
		catch (RuntimeException ex) {
			stop();
			throw new IllegalStateException("mcp-server did not start: " + ex.getMessage() + "\n" + logTail(), ex);
		}
	}

	private static List<String> arguments(int httpPort, int grpcPort, Path dataDir) {
		return List.of("--server.port=" + httpPort, "--grpc.server.port=" + grpcPort, "--grpc.server.address=127.0.0.1",
				"--mcp.server.file.dir=" + dataDir, "--mcp.server.security.admin-token=" + ADMIN_TOKEN);
	}

	/** A start that ends once the context is refreshed, before it listens on any port. */
	private static ClassDataSharing.Training training(Path dir) {
		return new ClassDataSharing.Training(true, List.of("-Dspring.context.exit=onRefresh"),
				arguments(0, 0, dir.resolve("data")));
	}

	private boolean isUp(HttpClient http) {
		try {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create(httpUrl() + "/actuator/health")).timeout(Duration.ofSeconds(2)).build(),
					HttpResponse.BodyHandlers.ofString());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** A crash: SIGKILL, no shutdown hooks, streams cut. */
	public void kill() throws InterruptedException {
		if (process != null && process.isAlive()) {
			process.destroyForcibly();
			process.waitFor(30, TimeUnit.SECONDS);
		}
		releaseOrphanGuard();
	}

	private void releaseOrphanGuard() {
		if (orphanGuard != null) {
			try {
				Runtime.getRuntime().removeShutdownHook(orphanGuard);
			}
			catch (IllegalStateException ex) {
				// the JVM is already shutting down: the guard runs anyway
			}
			orphanGuard = null;
		}
	}

	/** A clean stop: SIGTERM, bounded wait, then SIGKILL. */
	public void stop() {
		if (process == null) {
			return;
		}
		process.destroy();
		try {
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		releaseOrphanGuard();
	}

	/** The command line of the last start. */
	public List<String> command() {
		return this.command;
	}

	/**
	 * The operating system's id of the running center, to read its resources in /proc.
	 * @throws IllegalStateException when it is not running
	 */
	public long pid() {
		if (process == null || !process.isAlive()) {
			throw new IllegalStateException("the center is not running");
		}
		return process.pid();
	}

	/**
	 * Heap in use right after a full collection ({@code jcmd <pid> GC.run}), from the
	 * center's own metric {@code jvm.memory.used} of area {@code heap}, in MiB.
	 */
	public double heapAfterGcMiB() throws IOException, InterruptedException {
		Process jcmd = new ProcessBuilder("jcmd", Long.toString(pid(), 10), "GC.run").redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!jcmd.waitFor(JCMD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			jcmd.destroyForcibly();
			throw new IllegalStateException("jcmd GC.run did not finish within " + JCMD_TIMEOUT);
		}
		return metric("jvm.memory.used?tag=area:heap").get("VALUE") / (1024 * 1024);
	}

	/**
	 * One of the center's meters as {@code /actuator/metrics} gives it: each statistic
	 * ({@code VALUE}, {@code COUNT}, {@code TOTAL_TIME} in seconds, ...) and its value.
	 * @param meter the meter's name, with {@code ?tag=name:value} when it has tags
	 * @return the statistics, empty when the center has no such meter
	 */
	public Map<String, Double> metric(String meter) {
		ConfigCenterClient.Answer answer = admin().tryGet("/actuator/metrics/" + meter);
		if (answer.status() == 404) {
			return Map.of();
		}
		if (!answer.isSuccess()) {
			throw new IllegalStateException("metric " + meter + ": HTTP " + answer.status() + " " + answer.body());
		}
		Map<String, Double> statistics = new LinkedHashMap<>();
		answer.body()
			.get("measurements")
			.forEach((measurement) -> statistics.put(measurement.get("statistic").asText(),
					measurement.get("value").asDouble()));
		return statistics;
	}

	/** Whether the center's process is alive (it may have died of its own accord). */
	public boolean isAlive() {
		return process != null && process.isAlive();
	}

	/**
	 * How the center's last process ended: its exit code, 128 + the signal that killed it
	 * (137 for SIGKILL); empty while it runs or before it started.
	 */
	public OptionalInt exitCode() {
		return (process == null || process.isAlive()) ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
	}

	public String httpUrl() {
		return "http://127.0.0.1:" + httpPort;
	}

	/** The address a client lists in {@code mcp.client.server-addresses}. */
	/** The admin API as an admin: publish, read, create tokens. */
	public ConfigCenterClient admin() {
		return new ConfigCenterClient(httpUrl(), ADMIN_TOKEN);
	}

	public String grpcAddress() {
		return "127.0.0.1:" + grpcPort;
	}

	/** Everything the center has logged, over all its starts. */
	public String log() {
		try {
			return Files.readString(log);
		}
		catch (IOException ex) {
			return "(no server log: " + ex.getMessage() + ")";
		}
	}

	public String logTail() {
		try {
			List<String> lines = Files.readAllLines(log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
		}
		catch (IOException ex) {
			return "(no server log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		stop();
	}


}
