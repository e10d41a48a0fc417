package io.mcpconfig.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.mcpconfig.client.McpClientProperties;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.refresh.ConfigApplier;
import io.mcpconfig.client.refresh.ConfigRefresher;
import io.mcpconfig.client.session.SyncSession;
import io.mcpconfig.client.validation.ChangeValidation;
import io.mcpconfig.client.validation.ConfigChangeValidator;
import io.mcpconfig.server.McpServerApplication;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * Publish-to-apply latency of the real center and real clients in one JVM, over loopback:
 * the time from the start of an admin {@code PUT} until each subscribed client has applied
 * the release (checksum verified, {@code ConfigChangeEvent} published). Every publish
 * changes one key of a configuration of {@code keys} properties, so the center pushes a
 * delta. Scenarios run interleaved in rounds so that they share the machine's noise.
 * <p>
 * Arguments: {@code --publishes=200 --warmup=30 --rounds=3}.
 */
public final class PushLatencyBenchmark {

	private static final Duration APPLY_TIMEOUT = Duration.ofSeconds(30);

	private record Scenario(String name, int clients, int keys) {
	}

	private static final List<Scenario> SCENARIOS = List.of(new Scenario("1 client, 10 keys", 1, 10),
			new Scenario("100 clients, 10 keys", 100, 10), new Scenario("100 clients, 1000 keys", 100, 1000));

	private PushLatencyBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int publishes = intArg(args, "publishes", 200);
		int warmup = intArg(args, "warmup", 30);
		int rounds = intArg(args, "rounds", 3);
		Path dataDir = Files.createTempDirectory("mcp-bench");
		int grpcPort = freePort();
		int httpPort = freePort();
		ConfigurableApplicationContext center = new SpringApplicationBuilder(McpServerApplication.class)
			.run("--server.port=" + httpPort, "--grpc.server.port=" + grpcPort, "--grpc.server.address=127.0.0.1",
					"--mcp.server.file.dir=" + dataDir, "--logging.level.root=WARN",
					// the client is on this classpath too; the center itself reads no config from a center
					"--mcp.client.enabled=false");
		List<Fleet> fleets = new ArrayList<>();
		// The clients have no application around them: no beans to bind, no validators.
		GenericApplicationContext noApplication = new GenericApplicationContext();
		noApplication.refresh();
		try {
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
			String baseUrl = "http://127.0.0.1:" + httpPort;
			for (Scenario scenario : SCENARIOS) {
				fleets.add(Fleet.start(scenario, "127.0.0.1:" + grpcPort, dataDir.resolve("snapshots"), noApplication));
			}
			List<List<long[]>> samples = new ArrayList<>();
			SCENARIOS.forEach((s) -> samples.add(new ArrayList<>()));
			for (int round = 0; round < rounds; round++) {
				for (int i = 0; i < SCENARIOS.size(); i++) {
					Fleet fleet = fleets.get(i);
					fleet.run(http, baseUrl, warmup);
					samples.get(i).addAll(fleet.run(http, baseUrl, publishes));
				}
			}
			printReport(publishes, warmup, rounds, samples);
		}
		finally {
			fleets.forEach(Fleet::close);
			noApplication.close();
			center.close();
			FileSystemUtils.deleteRecursively(dataDir);
		}
	}

	/** The clients of one scenario, all subscribed to one target of their own. */
	private static final class Fleet implements AutoCloseable {

		private final Scenario scenario;

		private final ConfigTarget target;

		private final List<McpConfigClient> clients = new ArrayList<>();

		private final List<SyncSession> sessions = new ArrayList<>();

		/** The publish in flight: its version and a latch with one count per client. */
		private final AtomicReference<InFlight> inFlight = new AtomicReference<>();

		private long version;

		private record InFlight(long version, long startNanos, long[] appliedNanos, CountDownLatch latch) {
		}

		private Fleet(Scenario scenario) {
			this.scenario = scenario;
			this.target = new ConfigTarget("bench-" + scenario.clients() + "-" + scenario.keys(), "bench");
		}

		static Fleet start(Scenario scenario, String address, Path snapshotDir, GenericApplicationContext noApplication) {
			Fleet fleet = new Fleet(scenario);
			ChangeValidation noValidation = new ChangeValidation(noApplication,
					noApplication.getBeanProvider(ConfigChangeValidator.class));
			for (int i = 0; i < scenario.clients(); i++) {
				McpClientProperties properties = new McpClientProperties();
				properties.setServerAddresses(List.of(address));
				properties.setApp(fleet.target.app());
				properties.setEnv(fleet.target.env());
				properties.setInstanceId(fleet.target.app() + "-" + i);
				properties.setSnapshotDir(snapshotDir);
				McpConfigClient client = McpConfigClient.create(properties, fleet.target);
				int index = i;
				ConfigApplier applier = new ConfigApplier(client, (event) -> fleet.applied(index, event),
						noValidation, noApplication.getBeanProvider(ConfigRefresher.class));
				SyncSession session = new SyncSession(client, applier, List.of());
				fleet.clients.add(client);
				fleet.sessions.add(session);
				session.start();
			}
			return fleet;
		}

		private void applied(int client, Object event) {
			InFlight current = inFlight.get();
			if (event instanceof ConfigChangeEvent change && current != null
					&& change.getNewVersion() == current.version()) {
				current.appliedNanos()[client] = System.nanoTime();
				current.latch().countDown();
			}
		}

		/** Publishes {@code count} releases one after another; per publish, each client's latency in ns. */
		List<long[]> run(HttpClient http, String baseUrl, int count) throws Exception {
			List<long[]> latencies = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				long next = version + 1;
				InFlight flight = new InFlight(next, System.nanoTime(), new long[scenario.clients()],
						new CountDownLatch(scenario.clients()));
				inFlight.set(flight);
				String body = body(next);
				HttpResponse<String> response = http.send(HttpRequest
					.newBuilder(URI.create(baseUrl + "/api/v1/configs/" + target.app() + "/" + target.env()))
					.timeout(Duration.ofSeconds(10))
					.header("Content-Type", "text/plain")
					.PUT(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() / 100 != 2) {
					throw new IllegalStateException("publish failed: " + response.statusCode() + " " + response.body());
				}
				if (!flight.latch().await(APPLY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
					throw new IllegalStateException(scenario.name() + ": " + flight.latch().getCount()
							+ " clients did not apply version " + next + " within " + APPLY_TIMEOUT);
				}
				version = next;
				long[] latency = new long[scenario.clients()];
				for (int c = 0; c < latency.length; c++) {
					latency[c] = flight.appliedNanos()[c] - flight.startNanos();
				}
				latencies.add(latency);
			}
			return latencies;
		}

		private String body(long counter) {
			StringBuilder body = new StringBuilder(scenario.keys() * 40);
			body.append("bench.counter=").append(counter).append('\n');
			for (int k = 1; k < scenario.keys(); k++) {
				body.append("bench.fixed.key-").append(k).append("=value number ").append(k).append('\n');
			}
			return body.toString();
		}

		@Override
		public void close() {
			sessions.forEach(SyncSession::stop);
			clients.forEach(McpConfigClient::close);
		}

	}

	private static void printReport(int publishes, int warmup, int rounds, List<List<long[]>> samples) {
		System.out.printf(Locale.ROOT, "%nPublish-to-apply latency, %d rounds x %d publishes per scenario (after %d warm-up each)%n",
				rounds, publishes, warmup);
		System.out.printf(Locale.ROOT, "%-24s | %-38s | %-38s%n", "scenario", "each client applied (ms) p50 / p90 / p99 / max",
				"last client applied (ms) p50 / p90 / p99 / max");
		for (int i = 0; i < SCENARIOS.size(); i++) {
			List<long[]> perPublish = samples.get(i);
			long[] each = perPublish.stream().flatMapToLong(Arrays::stream).sorted().toArray();
			long[] last = perPublish.stream().mapToLong((l) -> Arrays.stream(l).max().orElseThrow()).sorted().toArray();
			System.out.printf(Locale.ROOT, "%-24s | %-38s | %-38s%n", SCENARIOS.get(i).name(), percentiles(each),
					percentiles(last));
		}
		System.out.printf(Locale.ROOT, "%njava %s, %d cores, %s%n", System.getProperty("java.version"),
				Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"));
	}

	private static String percentiles(long[] sortedNanos) {
		return String.format(Locale.ROOT, "%.2f / %.2f / %.2f / %.2f", ms(sortedNanos, 0.50), ms(sortedNanos, 0.90),
				ms(sortedNanos, 0.99), sortedNanos[sortedNanos.length - 1] / 1e6);
	}

	/** Nearest-rank percentile. */
	private static double ms(long[] sorted, double p) {
		int rank = (int) Math.ceil(p * sorted.length);
		return sorted[Math.max(0, rank - 1)] / 1e6;
	}

	private static int intArg(String[] args, String name, int defaultValue) {
		String prefix = "--" + name + "=";
		return Arrays.stream(args)
			.filter((a) -> a.startsWith(prefix))
			.map((a) -> Integer.parseInt(a.substring(prefix.length())))
			.findFirst()
			.orElse(defaultValue);
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
