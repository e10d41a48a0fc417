package io.mcpconfig.bench;

import java.util.Arrays;

import io.mcpconfig.bench.streams.ClientProcess;
import io.mcpconfig.bench.streams.StreamsBenchmark;

/**
 * The jar's entry point: {@code streams ...} runs the {@link StreamsBenchmark},
 * {@code stream-clients ...} is one of its client JVMs, {@code chaos ...} the
 * {@link ChaosSoakBenchmark}, anything else the
 * {@link PushLatencyBenchmark} (so {@code java -jar mcp-bench.jar --publishes=200} still works).
 */
public final class Benchmarks {

	private Benchmarks() {
	}

	public static void main(String[] args) throws Exception {
		String[] rest = (args.length > 0) ? Arrays.copyOfRange(args, 1, args.length) : args;
		switch ((args.length > 0) ? args[0] : "") {
			case "streams" -> StreamsBenchmark.main(rest);
			case "chaos" -> ChaosSoakBenchmark.main(rest);
			case "stream-clients" -> ClientProcess.main(rest);
			default -> PushLatencyBenchmark.main(args);
		}
	}

}
