package io.mcpconfig.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.GetOption;
import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.ServerId;
import io.mcpconfig.server.instance.Instance;
import io.mcpconfig.server.store.ReleaseSizeLimit;
import io.mcpconfig.server.store.etcd.EtcdInstanceRegistry;
import io.mcpconfig.server.store.etcd.EtcdReleaseStore;
import io.mcpconfig.testsupport.etcd.EtcdCluster;

import org.springframework.util.unit.DataSize;

/**
 * How long one replica's etcd instance registry takes to write thousands of instances
 * that connected at once (a reconnect storm) and to delete them when their sessions end,
 * with writes sent one at a time (each awaited before the next, as the registry did) and
 * pipelined ({@link EtcdInstanceRegistry#WRITES_IN_FLIGHT} in flight), side by side in
 * each round. Timed from the first {@code put} until etcd holds every key (polled every
 * 10 ms with a count-only read), and from the first {@code remove} until it holds none.
 * <p>
 * Arguments: {@code --instances=1000,5000,20000 --in-flight=1,256 --rounds=3}, and
 * {@code --etcd-endpoints=http://host:port,...} to use a running etcd instead of a single
 * member started here.
 */
public final class RegistryFlushBenchmark {

	private static final Set<String> OPTIONS = Set.of("instances", "in-flight", "rounds", "etcd-endpoints");

	private static final Duration LEASE_TTL = Duration.ofSeconds(15);

	private static final Duration LIMIT = Duration.ofMinutes(10);

	private RegistryFlushBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args, OPTIONS);
		List<Integer> counts = integers(options.get("instances", "1000,5000,20000"));
		List<Integer> inFlight = integers(options.get("in-flight", "1," + EtcdInstanceRegistry.WRITES_IN_FLIGHT));
		int rounds = options.getInt("rounds", 3);
		EtcdCluster etcd = options.has("etcd-endpoints") ? null : EtcdCluster.singleMember();
		Map<String, List<double[]>> samples = new LinkedHashMap<>();
		try {
			if (etcd != null) {
				etcd.start();
			}
			List<String> endpoints = (etcd != null) ? etcd.clientEndpoints()
					: List.of(options.get("etcd-endpoints").split(","));
			try (Client probe = Client.builder().endpoints(endpoints.toArray(String[]::new)).build()) {
				for (int round = 0; round < rounds; round++) {
					for (int count : counts) {
						// every other round the other variant goes first
						List<Integer> inTurn = new ArrayList<>(inFlight);
						if (round % 2 == 1) {
							Collections.reverse(inTurn);
						}
						for (int writes : inTurn) {
							samples.computeIfAbsent(count + "|" + writes, (k) -> new ArrayList<>())
								.add(run(endpoints, probe, count, writes));
						}
					}
				}
			}
			printReport(samples, rounds, etcd != null ? "one etcd member started here"
					: "etcd at " + String.join(",", endpoints));
		}
		finally {
			if (etcd != null) {
				etcd.close();
			}
		}
	}

	/** Seconds to register {@code count} instances, and to remove them. */
	private static double[] run(List<String> endpoints, Client probe, int count, int writesInFlight)
			throws Exception {
		String prefix = "/bench-registry/" + UUID.randomUUID() + "/";
		McpServerProperties.Etcd settings = new McpServerProperties.Etcd(endpoints, prefix, Duration.ofSeconds(10),
				LEASE_TTL);
		ByteSequence instances = ByteSequence.from(prefix + "instances/", StandardCharsets.UTF_8);
		try (EtcdReleaseStore store = new EtcdReleaseStore(settings, 10,
				new ReleaseSizeLimit(DataSize.ofMegabytes(4)));
				EtcdInstanceRegistry registry = new EtcdInstanceRegistry(store, new ServerId("bench"), LEASE_TTL,
						writesInFlight)) {
			Instant now = Instant.now();
			List<Instance> connected = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				connected.add(new Instance("instance-" + i, "host-" + (i % 500), "bench-app", "prod",
						Map.of("zone", "zone-" + (i % 3)), List.of(), "0.1.0", "bench", Instance.Status.ACKED, 1, 0, "", now,
						now, "127.0.0." + (1 + i % 200), "client", null));
			}
			long started = System.nanoTime();
			connected.forEach(registry::put);
			awaitKeys(probe, instances, (held) -> held == count, "registering " + count);
			double register = (System.nanoTime() - started) / 1e9;
			started = System.nanoTime();
			connected.forEach(registry::remove);
			awaitKeys(probe, instances, (held) -> held == 0, "removing " + count);
			double remove = (System.nanoTime() - started) / 1e9;
			return new double[] { register, remove };
		}
	}

	private static void awaitKeys(Client probe, ByteSequence prefix, LongPredicate done, String what)
			throws Exception {
		long deadline = System.nanoTime() + LIMIT.toNanos();
		GetOption countOnly = GetOption.builder().isPrefix(true).withCountOnly(true).build();
		while (!done.test(probe.getKVClient().get(prefix, countOnly).get(10, TimeUnit.SECONDS).getCount())) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(what + " instances took longer than " + LIMIT);
			}
			TimeUnit.MILLISECONDS.sleep(10);
		}
	}

	private static void printReport(Map<String, List<double[]>> samples, int rounds, String etcdNote) {
		System.out.printf(Locale.ROOT, "%netcd instance registry of one replica, medians of %d rounds%n", rounds);
		String row = "%9s | %9s | %12s | %12s%n";
		System.out.printf(Locale.ROOT, row, "instances", "in flight", "register (s)", "remove (s)");
		samples.forEach((key, runs) -> {
			String[] parts = key.split("\\|");
			System.out.printf(Locale.ROOT, row, parts[0], parts[1],
					String.format(Locale.ROOT, "%.2f", median(runs, 0)),
					String.format(Locale.ROOT, "%.2f", median(runs, 1)));
		});
		System.out.printf(Locale.ROOT, "%n%s; java %s, %d cores%n", etcdNote, System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors());
	}

	private static double median(List<double[]> runs, int column) {
		double[] values = runs.stream().mapToDouble((run) -> run[column]).sorted().toArray();
		return values[values.length / 2];
	}

	private static List<Integer> integers(String list) {
		return Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf).toList();
	}

}
