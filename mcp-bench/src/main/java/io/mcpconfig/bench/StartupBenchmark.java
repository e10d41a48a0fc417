package io.mcpconfig.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.protocol.ListenPorts;

import org.springframework.util.FileSystemUtils;

/**
 * Start-up overhead of the starter: the sample app's own jar started in a new JVM, again
 * and again, in three ways taking turns: on a plain {@code application.yml} (the client
 * switched off, {@code mcp.client.enabled=false}), on the starter with the center up
 * (a file-store center in this JVM, 10 keys published), and on the starter with the
 * center down and a snapshot to start from (an address where nothing listens: the
 * connection is refused at once). Each start is timed by the application itself: Boot's
 * "Started ... (process running for N)" line, JVM start-up included; the process is
 * stopped as soon as it says so.
 * <p>
 * Arguments: {@code --starts=15} per way, {@code --app-jar=} (default
 * {@code mcp-sample-app/target/mcp-sample-app-0.1.0-SNAPSHOT.jar}).
 */
public final class StartupBenchmark {

	private static final Set<String> OPTIONS = Set.of("starts", "app-jar");

	private static final ConfigTarget TARGET = new ConfigTarget("mcp-sample-app", "dev");

	private static final Pattern STARTED = Pattern
		.compile("Started \\S+ in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");

	private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

	private StartupBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args, OPTIONS);
		int starts = options.getInt("starts", 15);
		Path jar = Path.of(options.get("app-jar", "mcp-sample-app/target/mcp-sample-app-0.1.0-SNAPSHOT.jar"));
		if (!Files.isRegularFile(jar)) {
			throw new IllegalArgumentException(jar + " does not exist: build it with "
					+ "mvn -B -q -pl mcp-sample-app -am package -DskipTests, or give --app-jar=");
		}
		Path dataDir = Files.createTempDirectory("mcp-bench-startup");
		try (Center center = Center.onFiles(dataDir.resolve("releases"))) {
			center.publish(TARGET, body());
			String snapshots = "--mcp.client.snapshot-dir=" + dataDir.resolve("snapshots");
			Map<String, List<String>> ways = new LinkedHashMap<>();
			ways.put("plain application.yml", List.of("--mcp.client.enabled=false"));
			ways.put("starter, center up", List.of("--mcp.client.server-addresses=" + center.grpcAddress(),
					"--mcp.client.token=" + Center.TOKEN, snapshots));
			ways.put("starter, center down, snapshot", List.of("--mcp.client.server-addresses=127.0.0.1:" + ListenPorts.free(),
					"--mcp.client.token=" + Center.TOKEN, snapshots));
			// writes the snapshot the third way starts from, and warms the disk cache for all
			start(jar, ways.get("starter, center up"));
			Map<String, List<Long>> millis = new LinkedHashMap<>();
			ways.keySet().forEach((way) -> millis.put(way, new ArrayList<>()));
			List<String> order = new ArrayList<>(ways.keySet());
			for (int i = 0; i < starts; i++) {
				// each round in another order, so no way always follows the same one
				for (int w = 0; w < order.size(); w++) {
					String way = order.get((w + i) % order.size());
					millis.get(way).add(start(jar, ways.get(way)));
				}
			}
			printReport(millis, starts);
		}
		finally {
			FileSystemUtils.deleteRecursively(dataDir);
		}
		System.exit(0);
	}

	/** The sample app's keys and seven more: 10. */
	private static String body() {
		StringBuilder body = new StringBuilder();
		body.append("sample.greeting=Hello from the center\nsample.max-connections=20\nsample.timeout=2s\n");
		for (int k = 1; k <= 7; k++) {
			body.append("bench.fixed.key-").append(k).append("=value number ").append(k).append('\n');
		}
		return body.toString();
	}

	/** Starts the jar, returns its "process running for" in ms, and stops it. */
	private static long start(Path jar, List<String> way) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString(), "--server.port=0",
				"--spring.main.banner-mode=off"));
		command.addAll(way);
		Process app = new ProcessBuilder(command).redirectErrorStream(true).start();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
			long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
			String line;
			while (System.nanoTime() < deadline && (line = output.readLine()) != null) {
				Matcher started = STARTED.matcher(line);
				if (started.find()) {
					return Math.round(Double.parseDouble(started.group(1)) * 1000);
				}
			}
			throw new IllegalStateException("the app did not say it started within " + START_TIMEOUT + ": "
					+ String.join(" ", command));
		}
		finally {
			app.destroy();
			if (!app.waitFor(30, TimeUnit.SECONDS)) {
				app.destroyForcibly();
			}
		}
	}

	private static void printReport(Map<String, List<Long>> millis, int starts) {
		double plain = median(millis.values().iterator().next());
		System.out.printf(Locale.ROOT, "%nStart-up of the sample app, %d starts per way, taking turns; ms from JVM start "
				+ "to \"Started\" (process running for)%n", starts);
		String row = "%-32s | %-30s | %-22s%n";
		System.out.printf(Locale.ROOT, row, "way", "p50 / min / max", "median - plain (ratio)");
		millis.forEach((way, values) -> {
			double median = median(values);
			System.out.printf(Locale.ROOT, row, way,
					String.format(Locale.ROOT, "%.0f / %d / %d", median, values.stream().min(Long::compare).orElseThrow(),
							values.stream().max(Long::compare).orElseThrow()),
					String.format(Locale.ROOT, "%+.0f (%.2fx)", median - plain, median / plain));
		});
		System.out.printf(Locale.ROOT, "java %s, %d cores%n", System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors());
	}

	private static double median(List<Long> values) {
		long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
	}

}
