package io.mcpconfig.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mcpconfig.testsupport.chaos.ChaosSoak;
import io.mcpconfig.testsupport.chaos.SoakReport;
import io.mcpconfig.testsupport.chaos.SoakSettings;
import io.mcpconfig.testsupport.protocol.ClientTiming;

import org.springframework.util.FileSystemUtils;

/**
 * The long chaos soak of issue 12: the same {@link ChaosSoak} as the test suite's short
 * one, for as long as asked, with the centers as in production (C2, a heap of their own)
 * and the sample apps in JVMs of their own. Prints the report and writes it as JSON.
 * <p>
 * {@code java -jar mcp-bench.jar chaos [--minutes=30] [--clients=500] [--replicas=3]
 * [--rate=2] [--kill-every=30] [--down-for=5] [--settle=180] [--center-heap=512m]
 * [--seed=N] [--center-jar=...] [--sample-app-jar=...] [--out=mcp-bench/target/chaos-soak.json]}
 */
public final class ChaosSoakBenchmark {

	private static final Set<String> OPTIONS = Set.of("minutes", "clients", "replicas", "rate", "kill-every",
			"down-for", "settle", "center-heap", "seed", "center-jar", "sample-app-jar", "out");

	private ChaosSoakBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args, OPTIONS);
		long seed = Long.parseLong(options.get("seed", Long.toString(System.nanoTime())));
		SoakSettings settings = new SoakSettings(
				Duration.ofSeconds(Math.round(60 * Double.parseDouble(options.get("minutes", "30")))),
				options.getInt("replicas", 3), 3, options.getInt("clients", 500),
				Double.parseDouble(options.get("rate", "2")), Duration.ofSeconds(options.getInt("kill-every", 30)),
				Duration.ofSeconds(options.getInt("down-for", 5)), Duration.ofSeconds(options.getInt("settle", 180)),
				// the starter's defaults: a fleet of real services reconnects like this
				ClientTiming.starterDefaults(Duration.ofSeconds(5)),
				List.of("-Xmx" + options.get("center-heap", "512m")), true, seed);
		Path centerJar = BuiltJar.find(options.get("center-jar"), Path.of("mcp-server", "target"), "mcp-server-",
				"-exec.jar");
		Path appJar = BuiltJar.find(options.get("sample-app-jar"), Path.of("mcp-sample-app", "target"),
				"mcp-sample-app-", "-SNAPSHOT.jar");
		Path out = Path.of(options.get("out", "mcp-bench/target/chaos-soak.json"));
		System.setProperty("mcp.server.jar", centerJar.toString());
		String loadAtStart = load();
		Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		Path work = Files.createTempDirectory("mcp-chaos");
		SoakReport report;
		try (ChaosSoak soak = ChaosSoak.start(settings, work, SampleAppProcess.launcher(appJar), System.out)) {
			report = soak.run();
		}
		finally {
			FileSystemUtils.deleteRecursively(work);
		}
		String loadAtEnd = load();
		System.out.println();
		System.out.print(report.text());
		System.out.printf("started %s, %d cores, load at start %s, at end %s%n", startedAt,
				Runtime.getRuntime().availableProcessors(), loadAtStart, loadAtEnd);
		Files.createDirectories(out.toAbsolutePath().getParent());
		JsonMapper.builder()
			.findAndAddModules()
			.enable(SerializationFeature.INDENT_OUTPUT)
			.build()
			.writeValue(out.toFile(), new Run("java -jar mcp-bench.jar chaos " + String.join(" ", args),
					startedAt.toString(), Runtime.getRuntime().availableProcessors(), loadAtStart, loadAtEnd, report));
		System.out.printf("Results: %s%n", out.toAbsolutePath());
		if (!report.violations().isEmpty()) {
			System.exit(1);
		}
	}

	private static String load() throws IOException {
		return Files.readString(Path.of("/proc/loadavg")).trim();
	}

	/** The JSON written: what ran, where, and the report. */
	record Run(String command, String startedAt, int cores, String loadAtStart, String loadAtEnd, SoakReport report) {
	}

}
