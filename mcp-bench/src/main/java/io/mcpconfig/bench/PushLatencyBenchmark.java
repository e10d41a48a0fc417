package io.mcpconfig.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.mcpconfig.bench.Fleet.Publish;

import org.springframework.context.support.GenericApplicationContext;

/**
 * Publish-to-apply latency of real centers and real clients in one JVM, over loopback:
 * the time from the start of an admin {@code PUT} until each subscribed client has applied
 * the release (checksum verified, {@code ConfigChangeEvent} published). Every publish
 * changes one key of a configuration of {@code keys} properties, so the center pushes a
 * delta. One center runs per store (file, etcd); every scenario runs against each of
 * them, interleaved in rounds, so that stores and scenarios share the machine's noise.
 * <p>
 * Arguments: {@code --publishes=200 --warmup=30 --rounds=3}, {@code --stores=file,etcd}
 * (default: both when {@code etcd} is on the PATH, else file only), and
 * {@code --etcd-endpoints=http://host:port,...} to use a running etcd instead of starting
 * a single member on free loopback ports.
 */
public final class PushLatencyBenchmark {

	/** Where the etcd center keeps its keys; releases stay there when the cluster was given. */
	private static final String ETCD_PREFIX = "/bench/";

	private static final Set<String> OPTIONS = Set.of("publishes", "warmup", "rounds", "stores", "etcd-endpoints");

	private static final List<Scenario> SCENARIOS = List.of(new Scenario("1 client, 10 keys", 1, 10),
			new Scenario("100 clients, 10 keys", 100, 10), new Scenario("100 clients, 1000 keys", 100, 1000));

	private PushLatencyBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args, OPTIONS);
		int publishes = options.getInt("publishes", 200);
		int warmup = options.getInt("warmup", 30);
		int rounds = options.getInt("rounds", 3);
		List<Fleet> fleets = new ArrayList<>();
		// The clients have no application around them: no beans to bind, no validators.
		try (Centers centers = Centers.start(options, ETCD_PREFIX);
				GenericApplicationContext noApplication = new GenericApplicationContext()) {
			noApplication.refresh();
			try {
				List<Center> all = centers.all();
				for (Scenario scenario : SCENARIOS) {
					for (Center center : all) {
						fleets.add(Fleet.start(scenario, center,
								centers.dataDir().resolve("snapshots-" + center.store().label()), noApplication));
					}
				}
				Map<Fleet, List<Publish>> samples = new LinkedHashMap<>();
				fleets.forEach((fleet) -> samples.put(fleet, new ArrayList<>()));
				for (int round = 0; round < rounds; round++) {
					for (int s = 0; s < SCENARIOS.size(); s++) {
						List<Fleet> ofScenario = new ArrayList<>(fleets.subList(s * all.size(), (s + 1) * all.size()));
						// every other round the other store goes first, so neither always runs on a warmer machine
						if (round % 2 == 1) {
							Collections.reverse(ofScenario);
						}
						for (Fleet fleet : ofScenario) {
							fleet.run(warmup);
							samples.get(fleet).addAll(fleet.run(publishes));
						}
					}
				}
				printReport(publishes, warmup, rounds, samples, centers.etcdNote());
			}
			finally {
				fleets.forEach(Fleet::close);
			}
		}
	}

	/** The latencies of one store and scenario over all rounds. */
	private record Result(Store store, Scenario scenario, Latencies answered, Latencies eachClient,
			Latencies lastClient) {

		static Result of(Fleet fleet, List<Publish> publishes) {
			return new Result(fleet.store(), fleet.scenario(),
					Latencies.of(publishes.stream().mapToLong(Publish::answeredNanos)),
					Latencies.of(publishes.stream().flatMapToLong((p) -> Arrays.stream(p.appliedNanos()))),
					Latencies.of(publishes.stream()
						.mapToLong((p) -> Arrays.stream(p.appliedNanos()).max().orElseThrow())));
		}

	}

	private static void printReport(int publishes, int warmup, int rounds, Map<Fleet, List<Publish>> samples,
			String etcdNote) {
		List<Result> results = samples.entrySet().stream().map((e) -> Result.of(e.getKey(), e.getValue())).toList();
		System.out.printf(Locale.ROOT,
				"%nPublish-to-apply latency, %d rounds x %d publishes per store and scenario (after %d warm-up each)%n",
				rounds, publishes, warmup);
		String row = "%-5s | %-24s | %-36s | %-36s | %-36s%n";
		System.out.printf(Locale.ROOT, row, "store", "scenario", "publish answered (ms) p50/p90/p99/max",
				"each client applied (ms) p50/p90/p99/max", "last client applied (ms) p50/p90/p99/max");
		for (Result result : results) {
			System.out.printf(Locale.ROOT, row, result.store().label(), result.scenario().name(),
					result.answered().summary(), result.eachClient().summary(), result.lastClient().summary());
		}
		printRatios(results);
		if (etcdNote != null) {
			System.out.printf(Locale.ROOT, "%n%s, keys under %s%n", etcdNote, ETCD_PREFIX);
		}
		System.out.printf(Locale.ROOT, "java %s, %d cores, %s%n", System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"));
	}

	/** etcd over file, median against median of the same run, with the difference in ms. */
	private static void printRatios(List<Result> results) {
		String row = "%-24s | %-22s | %-22s | %-22s%n";
		boolean header = false;
		for (Scenario scenario : SCENARIOS) {
			Result file = find(results, Store.FILE, scenario);
			Result etcd = find(results, Store.ETCD, scenario);
			if (file == null || etcd == null) {
				continue;
			}
			if (!header) {
				System.out.printf(Locale.ROOT, "%netcd / file, medians (etcd - file in ms)%n");
				System.out.printf(Locale.ROOT, row, "scenario", "publish answered", "each client applied",
						"last client applied");
				header = true;
			}
			System.out.printf(Locale.ROOT, row, scenario.name(), ratio(etcd.answered(), file.answered()),
					ratio(etcd.eachClient(), file.eachClient()), ratio(etcd.lastClient(), file.lastClient()));
		}
	}

	private static Result find(List<Result> results, Store store, Scenario scenario) {
		return results.stream()
			.filter((r) -> r.store() == store && r.scenario().equals(scenario))
			.findFirst()
			.orElse(null);
	}

	private static String ratio(Latencies etcd, Latencies file) {
		return String.format(Locale.ROOT, "%.2fx (%+.2f)", etcd.median() / file.median(),
				etcd.median() - file.median());
	}

}
