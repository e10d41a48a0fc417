package io.mcpconfig.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.mcpconfig.testsupport.process.ClassDataSharing;
import io.mcpconfig.testsupport.process.JavaCommand;

/**
 * {@code java -jar target/mcpctl.jar ...} as a user runs it: its own JVM, with an
 * environment and a home directory the test chooses (so neither MCP_* variables nor a
 * ~/.mcpctl.yaml of the machine get in), stdout and stderr kept apart.
 */
final class McpctlRun {

	static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final ObjectMapper JSON = new ObjectMapper();

	/** C1 only: each command is a short-lived JVM. */
	private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");

	private final Path home;

	private final Map<String, String> environment = new HashMap<>();

	/** Whether to start it through bin/mcpctl, as a user on a shell would, rather than java -jar. */
	private boolean launcher;

	private McpctlRun(Path home) {
		this.home = home;
	}

	/** A run with no MCP_* variables and {@code home} as the user's home directory. */
	static McpctlRun in(Path home) {
		return new McpctlRun(home);
	}

	/** Runs bin/mcpctl, with the jar and this JVM as its environment names them. */
	McpctlRun throughLauncher() {
		this.launcher = true;
		return env("MCPCTL_JAR", jar().toString()).env("JAVA_HOME", System.getProperty("java.home"))
			.env("MCPCTL_JAVA_OPTS", "-Duser.home=" + this.home);
	}

	McpctlRun env(String name, String value) {
		this.environment.put(name, value);
		return this;
	}

	/** Runs mcpctl to its end and answers what it printed and its exit code. */
	Result run(String... args) throws IOException, InterruptedException {
		return runWritingTo(Files.createTempFile(this.home, "stdout", ".txt"), args);
	}

	/**
	 * Runs mcpctl to its end with its stdout going to {@code out} ({@code /dev/full}: a disk
	 * that is full), and answers what it printed there if it can be read, and its exit code.
	 */
	Result runWritingTo(Path out, String... args) throws IOException, InterruptedException {
		Path err = Files.createTempFile(this.home, "stderr", ".txt");
		Process process = builder(args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		try {
			if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				throw new AssertionError("mcpctl " + String.join(" ", args) + " did not end within " + TIMEOUT);
			}
			String printed = Files.isRegularFile(out) ? Files.readString(out) : "";
			return new Result(process.exitValue(), printed, Files.readString(err));
		}
		finally {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	/** Starts mcpctl and leaves it running ({@code watch}); the caller closes it. */
	RunningMcpctl start(String... args) throws IOException {
		// to a file: stderr left unread in a pipe could fill it and stall the process
		Path err = Files.createTempFile(this.home, "stderr", ".txt");
		return new RunningMcpctl(builder(args).redirectError(err.toFile()).start(), err);
	}

	private ProcessBuilder builder(String... args) {
		List<String> command = new ArrayList<>();
		if (this.launcher) {
			command.add(Path.of("bin", "mcpctl").toAbsolutePath().toString());
		}
		else {
			command.addAll(List.of(JavaCommand.path(), "-Duser.home=" + this.home));
			command.addAll(JVM_OPTIONS);
			command.addAll(ClassDataSharing.launch(jar().toAbsolutePath(), JVM_OPTIONS, McpctlRun::training));
		}
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.home.toFile());
		builder.environment().remove("MCP_SERVER");
		builder.environment().remove("MCP_TOKEN");
		// the config file is looked for in $HOME, as a shell sets it
		builder.environment().put("HOME", this.home.toString());
		builder.environment().putAll(this.environment);
		return builder;
	}

	/** A command that loads what a real one loads (picocli, the HTTP client) and fails to connect. */
	private static ClassDataSharing.Training training(Path dir) {
		return new ClassDataSharing.Training(false, List.of("-Duser.home=" + dir),
				List.of("--server=http://127.0.0.1:1", "--connect-timeout=1s", "history", "training", "dev"));
	}

	private static Path jar() {
		Path jar = Path.of(System.getProperty("mcpctl.jar", "target/mcpctl.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar.toAbsolutePath() + " is missing: the integration tests run after "
					+ "package (mvn -pl mcp-cli -am verify)");
		}
		return jar;
	}

	/**
	 * @param exitCode what mcpctl exited with
	 * @param out its stdout
	 * @param err its stderr
	 */
	record Result(int exitCode, String out, String err) {

		JsonNode json() throws IOException {
			return JSON.readTree(this.out);
		}

		@Override
		public String toString() {
			return "exit " + this.exitCode + "\n--- stdout\n" + this.out + "--- stderr\n" + this.err;
		}

	}

	/** An mcpctl that goes on until closed; its stdout lines are collected as they come. */
	static final class RunningMcpctl implements AutoCloseable {

		private final Process process;

		private final Path errors;

		private final List<String> lines = new CopyOnWriteArrayList<>();

		private final Thread reader;

		RunningMcpctl(Process process, Path errors) {
			this.process = process;
			this.errors = errors;
			this.reader = new Thread(this::read, "mcpctl-stdout");
			this.reader.setDaemon(true);
			this.reader.start();
		}

		private void read() {
			try (var out = this.process.inputReader(StandardCharsets.UTF_8)) {
				for (String line = out.readLine(); line != null; line = out.readLine()) {
					this.lines.add(line);
				}
			}
			catch (IOException ex) {
				// the process was destroyed: its stdout is gone, and so is the reason to read it
			}
		}

		List<String> lines() {
			return List.copyOf(this.lines);
		}

		/** What it printed to stderr so far. */
		String errors() {
			try {
				return Files.readString(this.errors);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		boolean isAlive() {
			return this.process.isAlive();
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			this.reader.join(TimeUnit.SECONDS.toMillis(10));
		}

	}

}
