package io.mcpconfig.bench.streams;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.mcpconfig.testsupport.protocol.ClientsStatus;

/**
 * All the clients of one run, spread over several {@link ClientJvm}s (each process holds
 * a file per connection, and may open 20 000 files) and over several loopback source
 * addresses (each has about 28 000 ephemeral ports). Answers as one fleet: client
 * {@code i} of the fleet is client {@code i - first} of the process that holds it.
 */
final class StreamFleet implements AutoCloseable {

	private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

	private final List<ClientJvm> processes;

	private final int streams;

	private StreamFleet(List<ClientJvm> processes, int streams) {
		this.processes = processes;
		this.streams = streams;
	}

	/**
	 * Starts the client processes; their clients connect on {@link #open()}.
	 * @param shape how many streams, over how many processes and source addresses
	 */
	static StreamFleet start(FleetShape shape, String centerAddress, String token, Path benchJar, Path logDir)
			throws IOException, InterruptedException {
		List<ClientJvm> started = new ArrayList<>();
		try {
			int first = 0;
			for (int p = 0; p < shape.processes(); p++) {
				int count = shape.streamsOfProcess(p);
				List<String> args = List.of("--center=" + centerAddress, "--token=" + token,
						"--app=" + shape.app(), "--env=" + shape.env(), "--first=" + first, "--count=" + count,
						"--sources=" + String.join(",", shape.sourceAddresses()),
						"--streams-per-connection=" + shape.streamsPerConnection(),
						"--heartbeat-interval-ms=" + shape.timing().heartbeatInterval().toMillis(),
						"--max-backoff-ms=" + shape.timing().maxBackoff().toMillis());
				started.add(ClientJvm.start(benchJar, shape.clientJvmOptions(), args,
						logDir.resolve("clients-" + shape.streams() + "-" + p + ".log")));
				first += count;
			}
		}
		catch (IOException | RuntimeException ex) {
			for (ClientJvm jvm : started) {
				jvm.close();
			}
			throw ex;
		}
		return new StreamFleet(started, shape.streams());
	}

	int streams() {
		return this.streams;
	}

	/** Every client opens its stream, every process at once. */
	void open() throws IOException, InterruptedException {
		for (ClientJvm jvm : this.processes) {
			jvm.ask("open", Object.class, ANSWER_TIMEOUT);
		}
	}

	ClientsStatus status(long version) throws IOException, InterruptedException {
		List<ClientsStatus> parts = new ArrayList<>();
		for (ClientJvm jvm : this.processes) {
			parts.add(jvm.ask("status " + version, ClientsStatus.class, ANSWER_TIMEOUT));
		}
		return ClientsStatus.sum(parts);
	}

	/** When each client applied {@code version} (nanoTime), 0 for not. */
	long[] appliedNanos(long version) throws IOException, InterruptedException {
		return concat("applied " + version);
	}

	/** When each client's live stream was confirmed current (nanoTime), 0 for not. */
	long[] confirmedNanos() throws IOException, InterruptedException {
		return concat("confirmed");
	}

	/** How often each client has opened its stream. */
	long[] opens() throws IOException, InterruptedException {
		return concat("opens");
	}

	/** The process ids of the client JVMs, to read their CPU time. */
	List<Long> pids() {
		return this.processes.stream().map(ClientJvm::pid).toList();
	}

	private long[] concat(String command) throws IOException, InterruptedException {
		long[] all = new long[this.streams];
		int offset = 0;
		for (ClientJvm jvm : this.processes) {
			long[] part = jvm.ask(command, long[].class, ANSWER_TIMEOUT);
			System.arraycopy(part, 0, all, offset, part.length);
			offset += part.length;
		}
		return all;
	}

	@Override
	public void close() throws InterruptedException {
		for (ClientJvm jvm : this.processes) {
			jvm.close();
		}
	}

}
