package io.mcpconfig.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseStore;

/**
 * Durable releases per second with several publishers at once, each to a target of its
 * own: through the admin API ({@code PUT}, what operators and pipelines do: body parsed,
 * permission checked, release stored, audit entry written, answered) and straight into the
 * center's {@link ReleaseStore} (the store's share of it). A publish counts once it is
 * answered, which the center does only after the release (and its audit entry) is on disk
 * or in etcd. Every publisher count runs against each store in turn, alternating which
 * goes first, so that stores share the machine's noise.
 * <p>
 * Arguments: {@code --publishers=1,4,16 --seconds=5 --rounds=3 --keys=10},
 * {@code --paths=api,store}, {@code --stores=file,etcd} (default: both when {@code etcd}
 * is on the PATH) and {@code --etcd-endpoints=http://host:port,...}.
 */
public final class PublishThroughputBenchmark {

	private static final String ETCD_PREFIX = "/bench-publish/";

	private static final Set<String> OPTIONS = Set.of("publishers", "seconds", "rounds", "keys", "paths", "stores",
			"etcd-endpoints");

	private PublishThroughputBenchmark() {
	}

	/** How a publish reaches the store. */
	private enum PublishPath {

		API, STORE;

		String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args, OPTIONS);
		List<Integer> publisherCounts = Arrays.stream(options.get("publishers", "1,4,16").split(","))
			.map(String::trim)
			.map(Integer::valueOf)
			.toList();
		int seconds = options.getInt("seconds", 5);
		int rounds = options.getInt("rounds", 3);
		int keys = options.getInt("keys", 10);
		List<PublishPath> paths = Arrays.stream(options.get("paths", "api,store").split(","))
			.map((p) -> PublishPath.valueOf(p.trim().toUpperCase(Locale.ROOT)))
			.toList();
		int most = publisherCounts.stream().mapToInt(Integer::intValue).max().orElse(1);
		ExecutorService publishers = Executors.newFixedThreadPool(most);
		try (Centers centers = Centers.start(options, ETCD_PREFIX)) {
			Map<String, List<Run>> runs = new LinkedHashMap<>();
			for (int round = 0; round < rounds; round++) {
				for (PublishPath path : paths) {
					for (int count : publisherCounts) {
						List<Center> inTurn = new ArrayList<>(centers.all());
						if (round % 2 == 1) {
							Collections.reverse(inTurn);
						}
						for (Center center : inTurn) {
							Run run = run(center, path, count, seconds, keys, publishers);
							runs.computeIfAbsent(center.store().label() + "|" + path.label() + "|" + count,
									(k) -> new ArrayList<>())
								.add(run);
						}
					}
				}
			}
			printReport(runs, seconds, rounds, keys, centers.etcdNote());
		}
		finally {
			publishers.shutdownNow();
		}
	}

	/** {@code count} publishers, each to its own target, for {@code seconds}; a second first to warm up. */
	private static Run run(Center center, PublishPath path, int count, int seconds, int keys,
			ExecutorService publishers) throws Exception {
		ReleaseStore store = center.bean(ReleaseStore.class);
		long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
		long until = warmUntil + TimeUnit.SECONDS.toNanos(seconds);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<long[]>> results = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String app = "publisher-" + path.label() + "-" + i;
			results.add(publishers.submit(() -> {
				start.await();
				List<Long> latencies = new ArrayList<>();
				long n = 0;
				while (true) {
					long began = System.nanoTime();
					if (began >= until) {
						break;
					}
					Map<String, String> properties = properties(keys, n++);
					if (path == PublishPath.API) {
						center.publish(new ConfigTarget(app, "bench"), asText(properties));
					}
					else {
						store.publish(PublishRequest.of(new Target(app, "bench"), properties));
					}
					long ended = System.nanoTime();
					if (began >= warmUntil && ended <= until) {
						latencies.add(ended - began);
					}
				}
				return latencies.stream().mapToLong(Long::longValue).toArray();
			}));
		}
		start.countDown();
		List<long[]> all = new ArrayList<>();
		for (Future<long[]> result : results) {
			all.add(result.get(seconds + 60L, TimeUnit.SECONDS));
		}
		long published = all.stream().mapToLong((a) -> a.length).sum();
		return new Run(published / (double) seconds,
				Latencies.of(all.stream().flatMapToLong(LongStream::of)));
	}

	private static Map<String, String> properties(int keys, long n) {
		Map<String, String> properties = new LinkedHashMap<>();
		for (int k = 0; k < keys; k++) {
			properties.put("bench.key" + k, (k == 0) ? "value-" + n : "value-" + k);
		}
		return properties;
	}

	private static String asText(Map<String, String> properties) {
		StringBuilder text = new StringBuilder();
		properties.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
		return text.toString();
	}

	/** One measured run: releases answered per second, and how long each took. */
	private record Run(double perSecond, Latencies latencies) {
	}

	private static void printReport(Map<String, List<Run>> runs, int seconds, int rounds, int keys,
			String etcdNote) {
		System.out.printf(Locale.ROOT,
				"%nDurable publishes, each publisher to its own target, %d keys; %d rounds x %d s per cell, medians over rounds%n",
				keys, rounds, seconds);
		String row = "%-5s | %-5s | %10s | %14s | %-32s%n";
		System.out.printf(Locale.ROOT, row, "store", "path", "publishers", "releases/s", "one publish (ms) p50/p90/p99/max");
		runs.forEach((key, cell) -> {
			String[] parts = key.split("\\|");
			double[] rates = cell.stream().mapToDouble(Run::perSecond).sorted().toArray();
			Run middle = cell.stream()
				.filter((r) -> r.perSecond() == rates[rates.length / 2])
				.findFirst()
				.orElseThrow();
			System.out.printf(Locale.ROOT, row, parts[0], parts[1], parts[2],
					String.format(Locale.ROOT, "%.0f", rates[rates.length / 2]), middle.latencies().summary());
		});
		if (etcdNote != null) {
			System.out.printf(Locale.ROOT, "%n%s, keys under %s%n", etcdNote, ETCD_PREFIX);
		}
		System.out.printf(Locale.ROOT, "java %s, %d cores, %s%n", System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"));
	}

}
