package io.mcpconfig.bench;

import java.util.Arrays;

import io.mcpconfig.bench.streams.ClientProcess;
import io.mcpconfig.bench.streams.StreamsBenchmark;

/**
 * The jar's entry point, by its first argument: {@code streams} the {@link StreamsBenchmark}
 * ({@code stream-clients} is one of its client JVMs), {@code chaos} the
 * {@link ChaosSoakBenchmark}, {@code apply} the {@link ApplyPathBenchmark}, {@code startup}
 * the {@link StartupBenchmark}, {@code publish} the {@link PublishThroughputBenchmark},
 * {@code registry} the {@link RegistryFlushBenchmark}; anything else the
 * {@link PushLatencyBenchmark} (so {@code java -jar mcp-bench.jar --publishes=200} still
 * works). The JMH {@code ReadPathBenchmark} runs on the module's class path instead: JMH
 * forks JVMs that cannot load classes from inside this jar.
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
			case "apply" -> ApplyPathBenchmark.main(rest);
			case "startup" -> StartupBenchmark.main(rest);
			case "publish" -> PublishThroughputBenchmark.main(rest);
			case "registry" -> RegistryFlushBenchmark.main(rest);
			default -> PushLatencyBenchmark.main(args);
		}
	}

}
