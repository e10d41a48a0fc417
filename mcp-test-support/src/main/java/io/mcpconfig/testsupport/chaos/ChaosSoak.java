package io.mcpconfig.testsupport.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.mcpconfig.protocol.v1.Target;
import io.mcpconfig.testsupport.center.ConfigCenterClient;
import io.mcpconfig.testsupport.center.McpServerProcess;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import io.mcpconfig.testsupport.protocol.ClientRecords;
import io.mcpconfig.testsupport.protocol.ClientRecords.AppliedVersion;
import io.mcpconfig.testsupport.protocol.ClientsStatus;
import io.mcpconfig.testsupport.protocol.SharedTransport;
import io.mcpconfig.testsupport.protocol.StreamClient;
import io.mcpconfig.testsupport.protocol.VerifiedConfigs;
import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * The chaos soak of issue 12, one piece of code for the short test and the long benchmark:
 * center replicas ({@link McpServerProcess}, etcd store) on a real etcd cluster, many
 * lightweight protocol clients ({@link StreamClient}, in this JVM) spread over the
 * replicas, a few Spring apps ({@link SoakApp}), a {@link Publisher} at a steady rate
 * through any live replica, and a {@link ChaosMonkey} killing replicas and etcd members.
 * After the faults stop and everything settles, {@link SoakChecks} judges what every client
 * and app applied against what the publisher was told and what the center keeps.
 * <p>
 * Start it, {@link #run()} it once, close it: closing stops every process, client and
 * thread it started, whatever happened before.
 */
public final class ChaosSoak implements AutoCloseable {

	/** The sample app's name: the apps read this target, and so do the clients. */
	public static final String APP = "mcp-sample-app";

	public static final String ENV = "soak";

	private static final String TARGET_PATH = "/api/v1/configs/" + APP + "/" + ENV;

	/** Every release of the run stays readable, so every acknowledged version can be checked. */
	private static final int MAX_HISTORY = 100_000;

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private static final Duration CHANNEL_SHUTDOWN = Duration.ofSeconds(20);

	private final SoakSettings settings;

	private final Path workDir;

	private final PrintStream log;

	private final Random random;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final List<McpServerProcess> replicas = new ArrayList<>();

	private final List<ConfigCenterClient> admins = new ArrayList<>();

	private final List<StreamClient> clients = new ArrayList<>();

	private final List<SoakApp> apps = new ArrayList<>();

	private EtcdCluster etcd;

	private Publisher publisher;

	private SharedTransport transport;

	private ClientRecords records;

	private ChaosSoak(SoakSettings settings, Path workDir, PrintStream log) {
		this.settings = settings;
		this.workDir = workDir;
		this.log = log;
		this.random = new Random(settings.seed());
	}

	/**
	 * Starts etcd, the replicas, publishes the first release, connects the clients and
	 * starts the apps, and waits until all of them hold that release.
	 */
	public static ChaosSoak start(SoakSettings settings, Path workDir, SoakApp.Launcher apps, PrintStream log)
			throws Exception {
		ChaosSoak soak = new ChaosSoak(settings, workDir, log);
		try {
			soak.startAll(apps);
			return soak;
		}
		catch (Exception | Error ex) {
			soak.close();
			throw ex;
		}
	}

	private void startAll(SoakApp.Launcher launcher) throws Exception {
		this.etcd = EtcdCluster.ofMembers(this.settings.etcdMembers());
		this.etcd.start();
		for (int i = 0; i < this.settings.replicas(); i++) {
			this.replicas.add(McpServerProcess.prepare(Files.createDirectories(this.workDir.resolve("replica-" + i)),
					this.settings.serverJvmOptions(), "--mcp.server.store=etcd",
					"--mcp.server.etcd.endpoints=" + String.join(",", this.etcd.clientEndpoints()),
					"--mcp.server.id=replica-" + i, "--mcp.server.etcd.lease-ttl=3s",
					"--mcp.server.max-history=" + MAX_HISTORY, "--mcp.server.audit.max-entries=" + MAX_HISTORY));
		}
		startInParallel();
		this.replicas.forEach((replica) -> this.admins.add(replica.admin()));
		this.publisher = new Publisher(this.admins, APP, ENV);
		Publisher.Publication first = this.publisher.publishOnce();
		if (first == null) {
			throw new IllegalStateException("no replica accepted the first publish: " + this.publisher.failures());
		}
		String token = this.admins.get(0).createToken("soak-clients", "client", APP, ENV);
		startClients(token);
		String addresses = String.join(",", this.replicas.stream().map(McpServerProcess::grpcAddress).toList());
		for (int i = 0; i < 2; i++) {
			this.apps.add(launcher.start("soak-app-" + i, addresses, token, ENV,
					Files.createDirectories(this.workDir.resolve("app-" + i))));
		}
		await().atMost(this.settings.settleTimeout())
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptions()
			.until(() -> behind(first.version()) == 0);
		note("%d clients and %d apps hold v%d", this.clients.size(), this.apps.size(), first.version());
	}

	/** Replicas start side by side: each is a JVM that takes seconds on two cores. */
	private void startInParallel() throws Exception {
		ExecutorService starters = Executors.newFixedThreadPool(this.replicas.size());
		try {
			List<Future<Object>> started = new ArrayList<>();
			for (McpServerProcess replica : this.replicas) {
				started.add(starters.submit(() -> {
					replica.start();
					return null;
				}));
			}
			for (Future<Object> future : started) {
				future.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		finally {
			starters.shutdownNow();
		}
	}

	private void startClients(String token) throws Exception {
		this.transport = new SharedTransport(token);
		this.records = new ClientRecords(this.settings.clients());
		VerifiedConfigs configs = new VerifiedConfigs();
		Target target = Target.newBuilder().setApp(APP).setEnv(ENV).build();
		InetAddress loopback = InetAddress.getLoopbackAddress();
		for (int i = 0; i < this.settings.clients(); i++) {
			List<ManagedChannel> channels = new ArrayList<>();
			for (McpServerProcess replica : this.replicas) {
				String[] address = replica.grpcAddress().split(":");
				channels.add(this.transport.channel(new InetSocketAddress(address[0], Integer.parseInt(address[1])),
						loopback));
			}
			this.clients.add(new StreamClient(i, "soak-client-" + i, target, channels, this.transport, this.records,
					configs, this.settings.clientTiming()));
		}
		this.clients.forEach(StreamClient::start);
	}

	/** Publishes and kills for the settings' duration, lets everything settle, and checks. */
	public SoakReport run() throws Exception {
		List<SoakReport.HeapSample> heap = new ArrayList<>();
		ChaosMonkey monkey = new ChaosMonkey(this.replicas, this.etcd, this.settings.killEvery(),
				this.settings.downFor(), this.random, this.log);
		measureHeap("start", monkey, heap);
		long started = System.nanoTime();
		this.publisher.start(this.settings.publishesPerSecond());
		Thread chaos = new Thread(monkey, "soak-chaos");
		chaos.setDaemon(true);
		chaos.start();
		try {
			long half = this.settings.duration().toMillis() / 2;
			// waiting out the run's length, not for a state
			TimeUnit.MILLISECONDS.sleep(half);
			measureHeap("middle", monkey, heap);
			TimeUnit.MILLISECONDS.sleep(Math.max(0, this.settings.duration().toMillis() - elapsedMillis(started)));
		}
		finally {
			monkey.stop(Duration.ofMinutes(3));
			this.publisher.close();
		}
		double seconds = elapsedMillis(started) / 1000.0;
		note("faults and publishes stopped after %.0f s: %d accepted, failed attempts %s, kills %s", seconds,
				this.publisher.accepted().size(), this.publisher.failures(), monkey.kills());
		NavigableMap<Long, String> released = SoakChecks.released(readHistory());
		long last = released.isEmpty() ? 0 : released.lastKey();
		long settleStart = System.nanoTime();
		List<String> unsettled = new ArrayList<>();
		try {
			await().atMost(this.settings.settleTimeout())
				.pollInterval(Duration.ofMillis(500))
				.ignoreExceptions()
				.until(() -> behind(last) == 0);
		}
		catch (ConditionTimeoutException ex) {
			unsettled.add(behind(last) + " clients and apps did not reach v" + last + " within "
					+ this.settings.settleTimeout().toSeconds() + " s of the end of the faults");
		}
		double settleSeconds = elapsedMillis(settleStart) / 1000.0;
		measureHeap("end", monkey, heap);
		return report(seconds, settleSeconds, released, monkey, heap, unsettled);
	}

	private SoakReport report(double seconds, double settleSeconds, NavigableMap<Long, String> released,
			ChaosMonkey monkey, List<SoakReport.HeapSample> heap, List<String> unsettled) {
		List<List<AppliedVersion>> histories = new ArrayList<>();
		for (int i = 0; i < this.clients.size(); i++) {
			histories.add(this.records.history(i));
		}
		List<AppObservation> observed = observeApps();
		SoakChecks checks = SoakChecks.of(released, readAudited(), this.publisher.accepted(),
				this.publisher.failures().getOrDefault(Publisher.UNANSWERED, 0L), histories, observed);
		List<String> violations = new ArrayList<>(unsettled);
		violations.addAll(checks.violations());
		ClientsStatus status = this.records.status(0);
		Map<String, Integer> appChanges = new LinkedHashMap<>();
		observed.forEach((app) -> appChanges.put(app.name(), app.changes().size()));
		return new SoakReport(this.settings, seconds, settleSeconds, this.publisher.accepted().size(),
				this.publisher.failures(), this.publisher.notPublished(), released.isEmpty() ? 0 : released.lastKey(),
				monkey.kills(), monkey.restartFailures(), status.opens() - this.clients.size(), status.ends(),
				Percentiles.of(checks.lagMillis()), checks.skippedOnOneStream(), checks.skippedAcrossReconnects(),
				appChanges, heap, violations);
	}

	/** How many clients and apps do not hold {@code version} yet (or hold another). */
	private long behind(long version) {
		ClientsStatus status = this.records.status(version);
		long clientsBehind = status.clients() - status.atVersion();
		long appsBehind = observeApps().stream().filter((app) -> app.version() != version).count();
		return clientsBehind + appsBehind;
	}

	private List<AppObservation> observeApps() {
		List<AppObservation> observed = new ArrayList<>();
		for (int i = 0; i < this.apps.size(); i++) {
			observed.add(AppObservation.read("soak-app-" + i, this.apps.get(i).baseUrl(), this.http));
		}
		return observed;
	}

	/** The center's history. */
	private JsonNode readHistory() {
		return readFromAnyReplica(TARGET_PATH + "/releases?limit=" + MAX_HISTORY);
	}

	/** How many entries the audit log holds of each version of the target. */
	private Map<Long, Integer> readAudited() {
		Map<Long, Integer> audited = new HashMap<>();
		int size = 100;
		for (int page = 0;; page++) {
			JsonNode answer = readFromAnyReplica(
					"/api/v1/audit?app=" + APP + "&env=" + ENV + "&page=" + page + "&size=" + size);
			if (SoakChecks.countAudited(answer, audited) < size) {
				return audited;
			}
		}
	}

	/** An admin API answer from the first replica that gives one (all run by now). */
	private JsonNode readFromAnyReplica(String path) {
		IllegalStateException failure = null;
		for (ConfigCenterClient admin : this.admins) {
			try {
				return admin.get(path);
			}
			catch (IllegalStateException ex) {
				failure = ex;
			}
		}
		throw failure;
	}

	private void measureHeap(String phase, ChaosMonkey monkey, List<SoakReport.HeapSample> heap) {
		if (!this.settings.measureHeap()) {
			return;
		}
		for (int i = 0; i < this.replicas.size(); i++) {
			double mib;
			try {
				mib = this.replicas.get(i).heapAfterGcMiB();
			}
			catch (Exception ex) {
				// killed meanwhile: recorded as down
				mib = -1;
			}
			if (Thread.currentThread().isInterrupted()) {
				return;
			}
			heap.add(new SoakReport.HeapSample(i, phase, mib, monkey.killsOf(i)));
		}
	}

	private void note(String format, Object... args) {
		this.log.printf("[soak] " + format + "%n", args);
	}

	private static long elapsedMillis(long since) {
		return (System.nanoTime() - since) / 1_000_000;
	}

	@Override
	public void close() throws InterruptedException {
		try {
			if (this.publisher != null) {
				this.publisher.close();
			}
			closeClients();
		}
		finally {
			for (SoakApp app : this.apps) {
				try {
					app.close();
				}
				catch (RuntimeException ex) {
					this.log.println("[soak] an app did not close: " + ex);
				}
			}
			this.replicas.forEach(McpServerProcess::stop);
			if (this.etcd != null) {
				try {
					this.etcd.close();
				}
				catch (IOException ex) {
					this.log.println("[soak] etcd did not close cleanly: " + ex);
				}
			}
		}
	}

	private void closeClients() throws InterruptedException {
		if (!StreamClient.stopAll(this.clients, CHANNEL_SHUTDOWN)) {
			this.log.println("[soak] client channels still open after " + CHANNEL_SHUTDOWN);
		}
		if (this.transport != null) {
			this.transport.close();
		}
	}

}
