package io.mcpconfig.bench.streams;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.mcpconfig.bench.BuiltJar;
import io.mcpconfig.testsupport.protocol.ClientTiming;

/**
 * The options of the streams benchmark, with their defaults ({@code --quick} lowers them
 * for a first look in about two minutes).
 *
 * @param streams the fleet sizes, one run each
 * @param minProcesses client JVMs at least (more when a fleet needs them)
 * @param sources loopback source addresses the connections leave from
 * @param publishes publishes per series
 * @param smallKeys keys of the small configuration
 * @param bigKeys keys of the big configuration
 * @param scenarios which of {@code connections}, {@code storm}, {@code push-cost} run
 * @param idle how long the idle CPU is measured
 * @param timing each client's heartbeat interval and reconnect back-off (the starter's
 * defaults unless {@code --heartbeat-interval} or {@code --max-backoff} say otherwise)
 * @param applyTimeout how long a publish may take to reach every client
 * @param subscribeTimeout how long the fleet may take to subscribe
 * @param stormTimeout how long the fleet may take to come back after the restart
 * @param centerJvmOptions the center's JVM options: the heap, and a flight recording with
 * {@code --center-jfr=file}
 * @param clientJvmOptions each client JVM's options
 * @param centerJar the center's runnable jar
 * @param benchJar this benchmark's jar, which the client JVMs run
 * @param label names the run in the results ({@code before}, {@code after})
 * @param out where the JSON results go
 */
record StreamsSettings(List<Integer> streams, int minProcesses, int sources, int streamsPerConnection, int publishes, int smallKeys, int bigKeys,
		Set<String> scenarios, Duration idle, ClientTiming timing, Duration applyTimeout,
		Duration subscribeTimeout, Duration stormTimeout, List<String> centerJvmOptions, List<String> clientJvmOptions,
		Path centerJar, Path benchJar, String label, Path out) {

	static final List<String> OPTIONS = List.of("streams", "processes", "sources", "streams-per-connection", "publishes", "keys", "scenario",
			"idle", "heartbeat-interval", "max-backoff", "apply-timeout", "subscribe-timeout", "storm-timeout", "center-heap",
			"client-heap", "center-jfr", "center-jar", "bench-jar", "label", "out", "quick");

	static final Set<String> SCENARIOS = Set.of("connections", "storm", "push-cost");

	static StreamsSettings of(String[] args) throws IOException {
		Map<String, String> options = Options.parse(args, OPTIONS);
		boolean quick = options.containsKey("quick");
		List<Integer> streams = ints(options.getOrDefault("streams", quick ? "200,1000" : "1000,5000,20000"));
		List<Integer> keys = ints(options.getOrDefault("keys", "10,10000"));
		if (keys.size() != 2) {
			throw new IllegalArgumentException("--keys names the small and the big configuration: --keys=10,10000");
		}
		Set<String> scenarios = Set.copyOf(Arrays.asList(options.getOrDefault("scenario", String.join(",", SCENARIOS))
			.split(",")));
		if (!SCENARIOS.containsAll(scenarios)) {
			throw new IllegalArgumentException("--scenario: some of " + SCENARIOS + ", not " + scenarios);
		}
		String label = options.getOrDefault("label", "run");
		return new StreamsSettings(streams, Integer.parseInt(options.getOrDefault("processes", "1")),
				Integer.parseInt(options.getOrDefault("sources", "8")),
				Integer.parseInt(options.getOrDefault("streams-per-connection", "1")),
				Integer.parseInt(options.getOrDefault("publishes", quick ? "3" : "10")), keys.get(0), keys.get(1),
				scenarios, seconds(options.getOrDefault("idle", quick ? "5" : "30")),
				timing(options),
				seconds(options.getOrDefault("apply-timeout", "60")),
				seconds(options.getOrDefault("subscribe-timeout", "180")),
				seconds(options.getOrDefault("storm-timeout", "180")),
				centerJvmOptions(options.getOrDefault("center-heap", "1g"), options.get("center-jfr")),
				// parallel GC: the client JVMs are load generators, their pauses matter less than their CPU
				List.of("-Xmx" + options.getOrDefault("client-heap", "3g"), "-XX:+UseParallelGC"),
				BuiltJar.find(options.get("center-jar"), Path.of("mcp-server", "target"), "mcp-server-", "-exec.jar"),
				benchJar(options.get("bench-jar")), label,
				Path.of(options.getOrDefault("out", "mcp-bench/target/streams-" + label + ".json")));
	}

	private static ClientTiming timing(Map<String, String> options) {
		ClientTiming defaults = ClientTiming.starterDefaults(seconds(options.getOrDefault("heartbeat-interval", "5")));
		return options.containsKey("max-backoff") ? defaults.withMaxBackoff(seconds(options.get("max-backoff")))
				: defaults;
	}

	/** The heap, and a flight recording of the whole run when {@code --center-jfr=<file>} asks for one. */
	private static List<String> centerJvmOptions(String heap, String jfr) {
		return (jfr == null) ? List.of("-Xmx" + heap)
				: List.of("-Xmx" + heap, "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile");
	}

	private static List<Integer> ints(String list) {
		return Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).toList();
	}

	/** Whole seconds, with or without a trailing {@code s}. */
	private static Duration seconds(String value) {
		return Duration.ofSeconds(Long.parseLong(value.endsWith("s") ? value.substring(0, value.length() - 1) : value));
	}

	/** The jar this JVM runs from ({@code java -jar}), which the client JVMs run too. */
	private static Path benchJar(String given) {
		String path = (given != null) ? given : System.getProperty("java.class.path");
		if (path == null || !path.endsWith(".jar") || path.contains(File.pathSeparator)) {
			throw new IllegalStateException("run the benchmark with java -jar mcp-bench-*.jar, or give --bench-jar");
		}
		return Path.of(path);
	}

	boolean runs(String scenario) {
		return this.scenarios.contains(scenario);
	}

}
