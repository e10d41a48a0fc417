package io.mcpconfig.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.protocol.ListenPorts;
import io.mcpconfig.testsupport.process.ClassDataSharing;
import io.mcpconfig.testsupport.process.JavaCommand;

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
 * {@code mcp-sample-app/target/mcp-sample-app-0.1.0-SNAPSHOT.jar}), or
 * {@code --app-jars=before=<jar>,after=<jar>} to compare builds side by side: every way of
 * every jar takes its turn in each round; {@code --cds=true} starts each way on a class data
 * sharing archive of its own, as Boot documents it: the jar extracted
 * ({@code -Djarmode=tools extract}), one training run per way that exits after the context
 * refreshed ({@code -XX:ArchiveClassesAtExit}, {@code -Dspring.context.exit=onRefresh}),
 * then every start with {@code -XX:SharedArchiveFile}. {@code --aot-jars=name,...} starts
 * every way of the named jars ({@code app} for {@code --app-jar}) from the code Spring AOT
 * generated ({@code -Dspring.aot.enabled=true}; the sample app's build runs
 * {@code process-aot}); since AOT decides the beans when the jar is built, their plain way
 * needs a jar processed with the client off: {@code --plain-app-jars=name=<jar>,...}.
 */
public final class StartupBenchmark {

	private static final Set<String> OPTIONS = Set.of("starts", "app-jar", "app-jars", "cds", "aot-jars",
			"plain-app-jars");

	private static final String PLAIN = "plain application.yml";

	private static final ConfigTarget TARGET = new ConfigTarget("mcp-sample-app", "dev");

	private static final Pattern STARTED = Pattern
		.compile("Started \\S+ in [0-9.]+ seconds \\(process running for ([0-9.]+)\\)");

	private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

	private StartupBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args, OPTIONS);
		int starts = options.getInt("starts", 15);
		Map<String, Path> jars = jars(options);
		Path dataDir = Files.createTempDirectory("mcp-bench-startup");
		try (Center center = Center.onFiles(dataDir.resolve("releases"))) {
			center.publish(TARGET, body());
			String snapshots = "--mcp.client.snapshot-dir=" + dataDir.resolve("snapshots");
			Map<String, List<String>> arguments = new LinkedHashMap<>();
			arguments.put(PLAIN, List.of("--mcp.client.enabled=false"));
			arguments.put("starter, center up", List.of("--mcp.client.server-addresses=" + center.grpcAddress(),
					"--mcp.client.token=" + Center.TOKEN, snapshots));
			arguments.put("starter, center down, snapshot", List.of("--mcp.client.server-addresses=127.0.0.1:"
					+ ListenPorts.free(), "--mcp.client.token=" + Center.TOKEN, snapshots));
			// writes the snapshot the third way starts from, and warms the disk cache for all
			Set<String> aotJars = named("aot-jars", List.of(options.get("aot-jars", "").split(",")), jars);
			for (Map.Entry<String, Path> jar : jars.entrySet()) {
				start(new Way(jar.getValue(), jvmArguments(aotJars, jar.getKey()), arguments.get("starter, center up")));
			}
			boolean cds = Boolean.parseBoolean(options.get("cds", "false"));
			Map<String, Path> plainJars = options.has("plain-app-jars") ? pairs("plain-app-jars",
					options.get("plain-app-jars")) : Map.of();
			named("plain-app-jars", plainJars.keySet(), jars);
			Map<String, Way> ways = new LinkedHashMap<>();
			for (Map.Entry<String, Path> jar : jars.entrySet()) {
				Path cdsDir = dataDir.resolve("cds");
				Path runnable = cds ? ClassDataSharing.extractBootJar(jar.getValue(), cdsDir.resolve(jar.getKey()))
						: jar.getValue();
				Path plainJar = plainJars.get(jar.getKey());
				Path plainRunnable = (plainJar == null) ? runnable
						: cds ? ClassDataSharing.extractBootJar(plainJar, cdsDir.resolve(jar.getKey() + "-plain"))
								: plainJar;
				int w = 0;
				for (Map.Entry<String, List<String>> way : arguments.entrySet()) {
					Way plain = new Way(PLAIN.equals(way.getKey()) ? plainRunnable : runnable,
							jvmArguments(aotJars, jar.getKey()), way.getValue());
					ways.put((jars.size() == 1) ? way.getKey() : jar.getKey() + ": " + way.getKey(),
							cds ? train(plain, cdsDir.resolve(jar.getKey() + "-way-" + w++ + ".jsa")) : plain);
				}
			}
			Map<String, List<Long>> millis = new LinkedHashMap<>();
			ways.keySet().forEach((way) -> millis.put(way, new ArrayList<>()));
			List<String> order = new ArrayList<>(ways.keySet());
			for (int i = 0; i < starts; i++) {
				// each round in another order, so no way always follows the same one
				for (int w = 0; w < order.size(); w++) {
					String way = order.get((w + i) % order.size());
					millis.get(way).add(start(ways.get(way)));
				}
			}
			printReport(millis, starts, arguments.size());
		}
		finally {
			FileSystemUtils.deleteRecursively(dataDir);
		}
		System.exit(0);
	}

	/** The jars to start, by name: one ({@code --app-jar}, named {@code app}) or several ({@code --app-jars}). */
	private static Map<String, Path> jars(Options options) {
		if (options.has("app-jars")) {
			return pairs("app-jars", options.get("app-jars"));
		}
		return Map.of("app",
				existing(Path.of(options.get("app-jar", "mcp-sample-app/target/mcp-sample-app-0.1.0-SNAPSHOT.jar"))));
	}

	/** {@code name=jar} pairs, separated by commas, in their order; each jar must exist. */
	private static Map<String, Path> pairs(String option, String value) {
		Map<String, Path> jars = new LinkedHashMap<>();
		for (String pair : value.split(",")) {
			String[] nameAndJar = pair.split("=", 2);
			if (nameAndJar.length != 2) {
				throw new IllegalArgumentException("--" + option + " takes name=jar pairs, separated by commas: " + pair);
			}
			jars.put(nameAndJar[0], existing(Path.of(nameAndJar[1])));
		}
		return jars;
	}

	/** The names an option gives, each one of the jars' (a typo would start the wrong jar without a word). */
	private static Set<String> named(String option, Collection<String> names, Map<String, Path> jars) {
		Set<String> given = new HashSet<>(names);
		given.remove("");
		if (!jars.keySet().containsAll(given)) {
			throw new IllegalArgumentException("--" + option + " names " + given + ", not all of the jars "
					+ jars.keySet());
		}
		return given;
	}

	private static List<String> jvmArguments(Set<String> aotJars, String jar) {
		return aotJars.contains(jar) ? List.of("-Dspring.aot.enabled=true") : List.of();
	}

	private static Path existing(Path jar) {
		if (!Files.isRegularFile(jar)) {
			throw new IllegalArgumentException(jar + " does not exist: build it with "
					+ "mvn -B -q -pl mcp-sample-app -am package -DskipTests, or give --app-jar= or --app-jars=");
		}
		return jar;
	}

	/** Trains a way's archive: the app runs until its context refreshed and exits. */
	private static Way train(Way way, Path archive) throws IOException, InterruptedException {
		List<String> jvmOptions = new ArrayList<>(List.of("-Dspring.context.exit=onRefresh"));
		jvmOptions.addAll(way.jvmArguments());
		List<String> arguments = new ArrayList<>(List.of("--server.port=0"));
		arguments.addAll(way.arguments());
		ClassDataSharing.train(way.jar(), jvmOptions, arguments, archive);
		List<String> jvmArguments = new ArrayList<>(way.jvmArguments());
		jvmArguments.add("-XX:SharedArchiveFile=" + archive);
		return new Way(way.jar(), jvmArguments, way.arguments());
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
	private static long start(Way way) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(JavaCommand.path()));
		command.addAll(way.jvmArguments());
		command.addAll(List.of("-jar", way.jar().toString(), "--server.port=0", "--spring.main.banner-mode=off"));
		command.addAll(way.arguments());
		Process app = new ProcessBuilder(command).redirectErrorStream(true).start();
		// an app that hangs without a word would block readLine: it is killed, which ends its output
		CompletableFuture<Void> watchdog = CompletableFuture.runAsync(app::destroyForcibly,
				CompletableFuture.delayedExecutor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = output.readLine()) != null) {
				Matcher started = STARTED.matcher(line);
				if (started.find()) {
					return Math.round(Double.parseDouble(started.group(1)) * 1000);
				}
			}
			throw new IllegalStateException("the app did not say it started within " + START_TIMEOUT + ": "
					+ String.join(" ", command));
		}
		finally {
			watchdog.cancel(false);
			app.destroy();
			if (!app.waitFor(30, TimeUnit.SECONDS)) {
				app.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	/**
	 * Prints each way's figures against the plain way of the same jar: the first of each
	 * group of {@code waysPerJar}.
	 */
	private static void printReport(Map<String, List<Long>> millis, int starts, int waysPerJar) {
		System.out.printf(Locale.ROOT, "%nStart-up of the sample app, %d starts per way, taking turns; ms from JVM start "
				+ "to \"Started\" (process running for)%n", starts);
		String row = "%-40s | %-30s | %-22s%n";
		System.out.printf(Locale.ROOT, row, "way", "p50 / min / max", "median - plain (ratio)");
		List<String> ways = new ArrayList<>(millis.keySet());
		for (int w = 0; w < ways.size(); w++) {
			String way = ways.get(w);
			List<Long> values = millis.get(way);
			double plain = median(millis.get(ways.get(w - w % waysPerJar)));
			double median = median(values);
			System.out.printf(Locale.ROOT, row, way,
					String.format(Locale.ROOT, "%.0f / %d / %d", median, values.stream().min(Long::compare).orElseThrow(),
							values.stream().max(Long::compare).orElseThrow()),
					String.format(Locale.ROOT, "%+.0f (%.2fx)", median - plain, median / plain));
		}
		System.out.printf(Locale.ROOT, "java %s, %d cores%n", System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors());
	}

	/** A jar and the arguments it is started with. */
	private record Way(Path jar, List<String> jvmArguments, List<String> arguments) {
	}

	private static double median(List<Long> values) {
		long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
	}

}
