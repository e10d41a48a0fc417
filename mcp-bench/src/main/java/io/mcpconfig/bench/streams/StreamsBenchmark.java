package io.mcpconfig.bench.streams;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.util.FileSystemUtils;

/**
 * One config center under thousands of streams of lightweight protocol clients (plain
 * grpc-java, a channel and a TCP connection each, in child JVMs): how long they take to
 * subscribe, what an idle stream costs the center, how long a publish takes to reach all
 * of them, how they come back after the center is killed, and what one update costs on
 * the wire. Prints Markdown tables and writes JSON ({@code --out}).
 * <p>
 * {@code java -jar mcp-bench.jar streams [--streams=1000,5000,20000] [--processes=N]
 * [--sources=8] [--publishes=10] [--keys=10,10000] [--scenario=connections,storm,push-cost]
 * [--idle=30] [--heartbeat-interval=5] [--max-backoff=10] [--center-heap=1g] [--client-heap=3g] [--label=...]
 * [--out=...json] [--quick]}
 */
public final class StreamsBenchmark {

	private StreamsBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		StreamsSettings settings = StreamsSettings.of(args);
		Machine machine = Machine.now();
		long start = System.nanoTime();
		String command = "java -jar " + settings.benchJar() + " streams " + String.join(" ", args);
		Path work = Files.createTempDirectory("mcp-streams");
		try {
			List<StreamCountRun.Result> runs = new ArrayList<>();
			if (settings.runs("connections") || settings.runs("storm")) {
				for (int streams : settings.streams()) {
					runs.add(StreamCountRun.run(settings, streams, work.resolve("streams-" + streams)));
				}
			}
			PushCost.Result pushCost = null;
			if (settings.runs("push-cost")) {
				try (CenterUnderTest center = CenterUnderTest.start(settings.centerJar(), work.resolve("push-cost"),
						settings.centerJvmOptions(), StreamCountRun.APP, StreamCountRun.ENV)) {
					pushCost = PushCost.measure(center, StreamCountRun.APP, StreamCountRun.ENV, settings.bigKeys());
				}
			}
			StreamsReport report = new StreamsReport(settings.label(), command, machine, Machine.load(),
					(System.nanoTime() - start) / 60e9, runs, pushCost);
			report.print(System.out);
			report.write(settings.out());
			System.out.printf("%nResults: %s%n", settings.out().toAbsolutePath());
		}
		finally {
			keepLogs(work, settings.out());
			FileSystemUtils.deleteRecursively(work);
		}
	}

	/** The center's and the client JVMs' logs outlive the run, beside its results: they say what broke. */
	private static void keepLogs(Path work, Path out) throws IOException {
		String name = out.getFileName().toString().replaceFirst("\\.json$", "");
		Path logs = out.toAbsolutePath().resolveSibling(name + "-logs");
		try (Stream<Path> files = Files.walk(work)) {
			for (Path log : files.filter((f) -> f.getFileName().toString().endsWith(".log")).toList()) {
				Path kept = logs.resolve(work.relativize(log).toString().replace('/', '-'));
				Files.createDirectories(logs);
				Files.copy(log, kept, StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}

}
