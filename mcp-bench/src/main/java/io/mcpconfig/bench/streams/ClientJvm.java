package io.mcpconfig.bench.streams;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpconfig.testsupport.process.JavaCommand;

/**
 * One {@link ClientProcess} as the coordinator sees it: a child JVM started from the
 * benchmark's own jar, asked one command at a time over its standard input, answering a
 * JSON line on its standard output; its standard error goes to a log file. Closing asks
 * it to stop its clients, then kills it if it does not exit in time.
 */
final class ClientJvm implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(40);

	/** The line a reader thread puts in place of an answer when the child's output ended. */
	private static final String END = "\u0000end";

	private final Process process;

	private final Writer commands;

	private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

	private final Path log;

	private ClientJvm(Process process, Path log) {
		this.process = process;
		this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
		this.log = log;
		Thread reader = new Thread(this::readAnswers, "client-jvm-" + process.pid());
		reader.setDaemon(true);
		reader.start();
	}

	static ClientJvm start(Path benchJar, List<String> jvmOptions, List<String> clientArgs, Path log)
			throws IOException {
		List<String> command = new ArrayList<>();
		command.add(JavaCommand.path());
		command.addAll(jvmOptions);
		command.addAll(List.of("-jar", benchJar.toString(), "stream-clients"));
		command.addAll(clientArgs);
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		return new ClientJvm(process, log);
	}

	private void readAnswers() {
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = out.readLine()) != null) {
				this.answers.add(line);
			}
		}
		catch (IOException ex) {
			// the child is gone: END tells whoever waits
		}
		this.answers.add(END);
	}

	long pid() {
		return this.process.pid();
	}

	/** Sends one command and reads its answer as {@code type}. */
	<T> T ask(String command, Class<T> type, Duration timeout) throws IOException, InterruptedException {
		this.commands.write(command + "\n");
		this.commands.flush();
		String answer = this.answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (answer == null || END.equals(answer)) {
			throw new IllegalStateException("client JVM " + pid() + " gave no answer to '" + command + "' within "
					+ timeout + (this.process.isAlive() ? "" : " (it exited)") + "; its log: " + this.log);
		}
		return JSON.readValue(answer, type);
	}

	@Override
	public void close() throws InterruptedException {
		try {
			this.commands.write("close\n");
			this.commands.flush();
			this.commands.close();
		}
		catch (IOException ex) {
			// already gone
		}
		if (!this.process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	/** The last lines of the child's log, for an error message. */
	String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

}
