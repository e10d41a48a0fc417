package io.mcpconfig.testsupport.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The JVMs that tests and benchmarks run to their end ({@link JavaCommand}, the same
 * {@code java} as this one), within a timeout, their output kept in a log that a failure
 * quotes.
 */
public final class ChildJvm {

	private static final int QUOTED_LINES = 40;

	private ChildJvm() {
	}

	/**
	 * Runs a command to its end, its output in {@code log}.
	 * @throws IllegalStateException if it did not end within {@code timeout} (it is killed)
	 * or ended with another exit code than 0; the message quotes the end of the log
	 */
	public static void runToEnd(List<String> command, Path log, Duration timeout)
			throws IOException, InterruptedException {
		int exitCode = runToAnyEnd(command, log, timeout);
		if (exitCode != 0) {
			throw failure("exited with " + exitCode, command, log);
		}
	}

	/**
	 * Runs a command to its end, its output in {@code log}, whatever it exits with.
	 * @return its exit code
	 * @throws IllegalStateException if it did not end within {@code timeout} (it is killed)
	 */
	public static int runToAnyEnd(List<String> command, Path log, Duration timeout)
			throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw failure("did not end within " + timeout, command, log);
			}
		}
		finally {
			if (process.isAlive()) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		return process.exitValue();
	}

	private static IllegalStateException failure(String what, List<String> command, Path log) throws IOException {
		List<String> output = Files.readAllLines(log);
		return new IllegalStateException(what + ": " + String.join(" ", command) + "\n"
				+ String.join("\n", output.subList(Math.max(0, output.size() - QUOTED_LINES), output.size())));
	}

}
