package io.mcpconfig.bench;

import java.io.IOException;
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
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import io.mcpconfig.bench.app.AppliedReleases;
import io.mcpconfig.bench.app.BenchApplication;
import io.mcpconfig.bench.app.ServedGreetings;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.refresh.ApplyStage;
import io.mcpconfig.testsupport.process.ChildJvm;
import io.mcpconfig.testsupport.process.JavaCommand;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * The apply path inside a Spring application: from the moment the center received a
 * publish ({@link PublishReceipts}) until a {@code @RefreshScope} bean serves the new
 * value, stage by stage ({@link ApplyStage}, as the client's {@code SyncObserver} is told),
 * in an application of the sample app's shape ({@link BenchApplication}) on a file-store
 * center in the same JVM. Each publish of a 10-key configuration changes
 * {@code sample.greeting}; the next starts once the greeting was served and the release
 * acknowledged. Two kinds of change run in alternating blocks: one key modified, and one
 * key modified with {@code sample.max-connections} deleted or added back.
 * <p>
 * Arguments: {@code --publishes=300 --warmup=100 --rounds=3}. With
 * {@code --variants=before=<class path>,after=<class path>} it runs itself once per round
 * and variant in a JVM of that class path, alternating their order, and compares the
 * variants (medians side by side, after/before); {@code --raw=<file>} writes the samples
 * of one run there instead of a report.
 */
public final class ApplyPathBenchmark {

	private static final Set<String> OPTIONS = Set.of("publishes", "warmup", "rounds", "variants", "raw");

	private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(20);

	private static final ConfigTarget TARGET = new ConfigTarget(BenchApplication.APP, BenchApplication.ENV);

	/** The kinds of change a publish makes. */
	enum Change {

		MODIFY("1 key modified"), DELETE("1 modified, 1 deleted or added");

		final String label;

		Change(String label) {
			this.label = label;
		}

		/** 10 keys (9 when {@code sample.max-connections} is deleted); {@code sample.greeting} names the version. */
		String body(long version) {
			StringBuilder body = new StringBuilder(400);
			body.append("sample.greeting=Hello ").append(version).append('\n');
			if (this == MODIFY || version % 2 == 0) {
				body.append("sample.max-connections=").append(20).append('\n');
			}
			body.append("sample.timeout=2s\n");
			for (int k = 1; k <= 7; k++) {
				body.append("bench.fixed.key-").append(k).append("=value number ").append(k).append('\n');
			}
			return body.toString();
		}

	}

	private ApplyPathBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args, OPTIONS);
		int publishes = options.getInt("publishes", 300);
		int warmup = options.getInt("warmup", 100);
		int rounds = options.getInt("rounds", 3);
		if (options.has("variants")) {
			Map<String, List<ApplySample>> byVariant = compare(options.get("variants"), publishes, warmup, rounds);
			byVariant.forEach((variant, samples) -> printReport(variant, samples));
			printRatios(byVariant);
		}
		else {
			List<ApplySample> samples = measure(publishes, warmup, rounds);
			if (options.has("raw")) {
				Files.write(Path.of(options.get("raw")), samples.stream().map(ApplySample::toLine).toList());
			}
			else {
				printReport("this build", samples);
			}
		}
		System.out.printf(Locale.ROOT, "%nrounds %d x (%d warm-up + %d publishes) per kind of change; java %s, %d cores%n",
				rounds, warmup, publishes, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
		// the gRPC and Tomcat threads of a closed context may linger a moment; nothing is left to wait for
		System.exit(0);
	}

	/** Runs the publishes in this JVM: one center, one application, both kinds of change in alternating blocks. */
	private static List<ApplySample> measure(int publishes, int warmup, int rounds) throws Exception {
		Path dataDir = Files.createTempDirectory("mcp-bench-apply");
		List<ApplySample> samples = new ArrayList<>();
		try (Center center = Center.onFiles(dataDir.resolve("releases"))) {
			center.publish(TARGET, Change.MODIFY.body(0));
			long version = center.currentVersion(TARGET);
			try (ConfigurableApplicationContext app = BenchApplication.start(center.grpcAddress(), Center.TOKEN,
					dataDir.resolve("snapshots"))) {
				AppliedReleases applied = app.getBean(AppliedReleases.class);
				ServedGreetings served = app.getBean(ServedGreetings.class);
				for (int round = 0; round < rounds; round++) {
					for (int c = 0; c < Change.values().length; c++) {
						// every other round the other kind goes first, so neither always runs on a warmer machine
						Change change = Change.values()[(round % 2 == 0) ? c : Change.values().length - 1 - c];
						for (int i = 0; i < warmup + publishes; i++) {
							version++;
							long startNanos = System.nanoTime();
							center.publish(TARGET, change.body(version));
							long answeredNanos = System.nanoTime();
							AppliedReleases.Applied release = applied.await(version, APPLY_TIMEOUT);
							ServedGreetings.Served greeting = served.await("Hello " + version, APPLY_TIMEOUT);
							long receivedNanos = center.lastPublishReceivedNanos();
							if (receivedNanos < startNanos) {
								throw new IllegalStateException("the center did not stamp the publish of " + version);
							}
							if (i >= warmup) {
								samples.add(ApplySample.of(change.name(), receivedNanos, answeredNanos,
										release.timings(), greeting.nanos()));
							}
						}
					}
				}
			}
		}
		finally {
			FileSystemUtils.deleteRecursively(dataDir);
		}
		return samples;
	}

	/** Runs each variant once per round in a JVM of its own class path, alternating which goes first. */
	private static Map<String, List<ApplySample>> compare(String variants, int publishes, int warmup, int rounds)
			throws IOException, InterruptedException {
		Map<String, String> classPaths = new LinkedHashMap<>();
		for (String variant : variants.split(",")) {
			int equals = variant.indexOf('=');
			classPaths.put(variant.substring(0, equals), variant.substring(equals + 1));
		}
		Map<String, List<ApplySample>> byVariant = new LinkedHashMap<>();
		classPaths.keySet().forEach((name) -> byVariant.put(name, new ArrayList<>()));
		List<String> names = new ArrayList<>(classPaths.keySet());
		for (int round = 0; round < rounds; round++) {
			for (int v = 0; v < names.size(); v++) {
				String name = names.get((round % 2 == 0) ? v : names.size() - 1 - v);
				Path raw = Files.createTempFile("mcp-bench-apply-" + name, ".tsv");
				try {
					runChild(classPaths.get(name), publishes, warmup, raw);
					Files.readAllLines(raw).stream().map(ApplySample::parse).forEach(byVariant.get(name)::add);
				}
				finally {
					Files.deleteIfExists(raw);
				}
				System.out.printf(Locale.ROOT, "round %d: %s done%n", round + 1, name);
			}
		}
		return byVariant;
	}

	private static void runChild(String classPath, int publishes, int warmup, Path raw)
			throws IOException, InterruptedException {
		Path log = Files.createTempFile("mcp-bench-apply", ".log");
		try {
			ChildJvm.runToEnd(List.of(JavaCommand.path(), "-cp", classPath, ApplyPathBenchmark.class.getName(),
					"--publishes=" + publishes, "--warmup=" + warmup, "--rounds=1", "--raw=" + raw), log, CHILD_TIMEOUT);
		}
		finally {
			Files.deleteIfExists(log);
		}
	}

	/** One line of a report: a time since the {@code PUT} and how long its step took, when every sample has it. */
	private record Row(String label, ToLongFunction<ApplySample> reached, ToLongFunction<ApplySample> took,
			Predicate<ApplySample> has) {

		static List<Row> all() {
			List<Row> rows = new ArrayList<>();
			rows.add(new Row("PUT answered", ApplySample::answeredNanos, null, (s) -> true));
			for (ApplyStage stage : ApplySample.STAGES) {
				rows.add(new Row(stage.name().toLowerCase(Locale.ROOT), (s) -> s.at(stage), (s) -> s.took(stage),
						(s) -> s.reached(stage)));
			}
			rows.add(new Row("SERVED (new greeting)", ApplySample::servedNanos,
					(s) -> s.servedNanos() - s.at(ApplyStage.REFRESH_SCOPE_REFRESHED), (s) -> true));
			// the client's share, sample by sample: from the update's arrival on the stream
			rows.add(new Row("client: received->served", (s) -> s.servedNanos() - s.at(ApplyStage.RECEIVED), null,
					(s) -> true));
			rows.add(new Row("client: received->ack", (s) -> s.at(ApplyStage.ACK_SENT) - s.at(ApplyStage.RECEIVED),
					null, (s) -> true));
			return rows;
		}

	}

	private static void printReport(String variant, List<ApplySample> samples) {
		for (Change change : Change.values()) {
			List<ApplySample> ofChange = ofChange(samples, change);
			if (ofChange.isEmpty()) {
				continue;
			}
			System.out.printf(Locale.ROOT, "%n%s, %s: %d publishes, ms since the center received the PUT%n", variant,
					change.label, ofChange.size());
			String line = "%-26s | %-32s | %-32s%n";
			System.out.printf(Locale.ROOT, line, "stage", "reached p50 / p90 / p99 / max", "took p50 / p90 / p99 / max");
			for (Row row : Row.all()) {
				if (ofChange.stream().allMatch(row.has())) {
					System.out.printf(Locale.ROOT, line, row.label(), summary(ofChange, row.reached()),
							(row.took() != null) ? summary(ofChange, row.took()) : "");
				}
			}
		}
	}

	/** Each variant's medians against the first variant's, of the same run. */
	private static void printRatios(Map<String, List<ApplySample>> byVariant) {
		List<String> names = new ArrayList<>(byVariant.keySet());
		String base = names.get(0);
		for (String other : names.subList(1, names.size())) {
			for (Change change : Change.values()) {
				List<ApplySample> before = ofChange(byVariant.get(base), change);
				List<ApplySample> after = ofChange(byVariant.get(other), change);
				System.out.printf(Locale.ROOT, "%n%s / %s, %s: medians in ms (%s - %s)%n", other, base, change.label,
						other, base);
				String line = "%-26s | %-34s | %-34s%n";
				System.out.printf(Locale.ROOT, line, "stage", "reached", "took");
				for (Row row : Row.all()) {
					if (before.stream().allMatch(row.has()) && after.stream().allMatch(row.has())) {
						System.out.printf(Locale.ROOT, line, row.label(), ratio(before, after, row.reached()),
								(row.took() != null) ? ratio(before, after, row.took()) : "");
					}
				}
			}
		}
	}

	private static List<ApplySample> ofChange(List<ApplySample> samples, Change change) {
		return samples.stream().filter((s) -> s.kind().equals(change.name())).toList();
	}

	private static String summary(List<ApplySample> samples, ToLongFunction<ApplySample> nanos) {
		return Latencies.of(samples.stream().mapToLong(nanos)).summary();
	}

	private static String ratio(List<ApplySample> before, List<ApplySample> after, ToLongFunction<ApplySample> nanos) {
		double b = Latencies.of(before.stream().mapToLong(nanos)).median();
		double a = Latencies.of(after.stream().mapToLong(nanos)).median();
		return String.format(Locale.ROOT, "%.3f -> %.3f: %.2fx (%+.3f)", b, a, a / b, a - b);
	}

}
