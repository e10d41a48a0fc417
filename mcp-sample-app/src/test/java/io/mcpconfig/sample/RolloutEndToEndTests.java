package io.mcpconfig.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.testsupport.center.ConfigCenterClient;
import io.mcpconfig.testsupport.center.ConfigCenterClient.Answer;
import io.mcpconfig.testsupport.center.McpServerProcess;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.convert.DurationStyle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Overlays and gray releases as users meet them: two real center replicas on one real
 * etcd, three sample apps with their own ids and labels ({@code eu/web} and {@code us/web}
 * list both replicas and so run on A, {@code eu/batch} lists only B), and every overlay or
 * gray change made through the admin API of one replica or the other. Each change must
 * reach exactly the apps it concerns, seen in their {@code @RefreshScope} bean
 * ({@code /greeting}), their {@code @ConfigurationProperties} bean ({@code /settings}) and
 * their {@code ConfigChangeEvent}s ({@code /events}); the apps it does not concern get no
 * event and keep the version they hold. The processes are shared by the steps, which run
 * in order in one test; each step ends with no overlay and no gray.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class RolloutEndToEndTests {

	private static final Duration DEADLINE = Duration.ofSeconds(25);

	/** Longer than a heartbeat (1 s), whose drift check would push what a change left to push. */
	private static final Duration QUIET = Duration.ofMillis(1500);

	private static final String CONFIGS = "/api/v1/configs/mcp-sample-app/dev";

	private static final String GREETING = "sample.greeting";

	private static final String MAX_CONNECTIONS = "sample.max-connections";

	private static final String TIMEOUT = "sample.timeout";

	/** The base every step starts from and ends on. */
	private static final Map<String, String> BASE = config("base", "10", "2s");

	@RegisterExtension
	static EtcdCluster etcd = EtcdCluster.singleMember();

	@TempDir
	static Path work;

	private static McpServerProcess replicaA;

	private static McpServerProcess replicaB;

	private static ConfigCenterClient viaA;

	private static ConfigCenterClient viaB;

	private static final List<ObservedApp> apps = new ArrayList<>();

	private static ObservedApp euWeb;

	private static ObservedApp euBatch;

	private static ObservedApp usWeb;

	@BeforeAll
	static void start() throws Exception {
		CompletableFuture<McpServerProcess> a = CompletableFuture.supplyAsync(() -> startReplica("replica-a"));
		CompletableFuture<McpServerProcess> b = CompletableFuture.supplyAsync(() -> startReplica("replica-b"));
		replicaA = a.join();
		replicaB = b.join();
		viaA = replicaA.admin();
		viaB = replicaB.admin();
		String token = viaA.createToken("sample-apps", "client", "mcp-sample-app", "dev");
		// B reads the tokens from etcd every 2 s: an unknown token is 401, a known one that may not read 403
		ConfigCenterClient appOnB = new ConfigCenterClient(replicaB.httpUrl(), token);
		await().atMost(DEADLINE).until(() -> appOnB.tryGet(CONFIGS).status() != 401);
		long base = viaB.publishYaml("mcp-sample-app", "dev", yaml(BASE));

		String both = replicaA.grpcAddress() + "," + replicaB.grpcAddress();
		euWeb = ObservedApp.start("app-eu-web", both, token, base, "region=eu", "tier=web");
		euBatch = ObservedApp.start("app-eu-batch", replicaB.grpcAddress(), token, base, "region=eu", "tier=batch");
		usWeb = ObservedApp.start("app-us-web", both, token, base, "region=us", "tier=web");
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(servedBy())
			.containsExactlyInAnyOrder("app-eu-web@replica-a", "app-eu-batch@replica-b", "app-us-web@replica-a"));
		settle(base, Map.of());
	}

	@AfterAll
	static void stopAll() {
		apps.forEach(ObservedApp::close);
		for (McpServerProcess replica : new McpServerProcess[] { replicaA, replicaB }) {
			if (replica != null) {
				replica.stop();
			}
		}
	}

	@Test
	void overlaysAndGrayReleasesReachExactlyTheAppsTheyConcernThroughEitherReplica() throws Exception {
		overlaysByLabel();
		grayByInstanceId();
		grayByLabelThenABasePublishThenPromote();
		grayByPercentage();
		grayAbortedByTheNackOfAnAppThatCannotBindIt();
		appsThatFailOverDuringAGrayStayOnTheirSide();
	}

	/** An overlay reaches the apps its selector matches; a more specific one applies after it. */
	private void overlaysByLabel() {
		Map<String, String> eu = config("base", "10", "5s");
		settle(changed(viaA.putYaml(CONFIGS + "/overlays/eu?selector=region=eu", "sample.timeout: 5s\n")),
				Map.of(euWeb, eu, euBatch, eu));
		assertRunning(euWeb, false, "eu");
		assertRunning(euBatch, false, "eu");
		assertRunning(usWeb, false);

		// "a-eu-web" sorts before "eu" by name, but names two labels: it applies last, and wins
		settle(changed(viaB.putYaml(CONFIGS + "/overlays/a-eu-web?selector=region=eu,tier=web",
				"sample:\n  timeout: 7s\n  max-connections: 12\n")), Map.of(euWeb, config("base", "12", "7s")));
		assertRunning(euWeb, false, "eu", "a-eu-web");
		JsonNode overlays = viaA.get(CONFIGS + "/overlays");
		assertThat(overlays.findValuesAsText("name")).containsExactly("eu", "a-eu-web");
		assertThat(viaB.get(CONFIGS + "/overlays/a-eu-web").get("selector").asText()).isEqualTo("region=eu,tier=web");

		settle(changed(viaA.delete(CONFIGS + "/overlays/a-eu-web")), Map.of(euWeb, eu));
		settle(changed(viaB.delete(CONFIGS + "/overlays/eu")), Map.of(euWeb, BASE, euBatch, BASE));
		assertThat(viaA.get(CONFIGS + "/overlays")).isEmpty();
		assertThat(viaB.tryGet(CONFIGS + "/overlays/eu").status()).isEqualTo(404);
		apps.forEach((app) -> assertRunning(app, false));
	}

	/** A gray of one instance id, set through B for an app on A; aborted through A. */
	private void grayByInstanceId() {
		Map<String, String> gray = config("gray by id", "10", "2s");
		settle(changed(viaB.putYaml(CONFIGS + "/gray?instances=app-us-web", "sample.greeting: gray by id\n")),
				Map.of(usWeb, gray));
		JsonNode view = appliedGrayView(viaA, Set.of("app-us-web"));
		assertThat(view.get("percentage").asInt()).isZero();
		assertThat(texts(view.get("instances"))).containsExactly("app-us-web");
		assertThat(view.get("matched").get(0).get("serverId").asText()).isEqualTo("replica-a");
		assertRunning(usWeb, true);

		Answer aborted = viaA.delete(CONFIGS + "/gray");
		assertThat(aborted.body().get("comment").asText()).isEqualTo("gray aborted");
		settle(changed(aborted), Map.of(usWeb, BASE));
		assertThat(viaB.tryGet(CONFIGS + "/gray").status()).isEqualTo(404);
		assertRunning(usWeb, false);
	}

	/**
	 * A gray of a label (all of it, the default with a selector only) that sets one key and
	 * removes another; a base publish during it reaches the gray apps for the key the patch
	 * does not name; promoting it pushes nothing to the gray apps and the patch to the others.
	 */
	private void grayByLabelThenABasePublishThenPromote() {
		Map<String, String> web = config("gray for web", "10", null);
		long grayVersion = changed(
				viaA.putYaml(CONFIGS + "/gray?selector=tier=web", "sample:\n  greeting: gray for web\n  timeout: ~\n"));
		settle(grayVersion, Map.of(euWeb, web, usWeb, web));
		JsonNode view = appliedGrayView(viaB, Set.of("app-eu-web", "app-us-web"));
		assertThat(view.get("percentage").asInt()).isEqualTo(100);
		assertThat(view.get("selector").asText()).isEqualTo("tier=web");
		assertThat(view.get("patch").get("set").get(GREETING).asText()).isEqualTo("gray for web");
		assertThat(texts(view.get("patch").get("remove"))).containsExactly(TIMEOUT);
		assertRunning(euWeb, true);
		assertRunning(usWeb, true);
		assertRunning(euBatch, false);

		Map<String, String> webAt30 = config("gray for web", "30", null);
		long base = viaB.publishYaml("mcp-sample-app", "dev", yaml(config("base 2", "30", "2s")));
		settle(base, Map.of(euWeb, webAt30, usWeb, webAt30, euBatch, config("base 2", "30", "2s")));
		assertThat(lastChanges(euWeb)).containsExactly("MODIFIED " + MAX_CONNECTIONS);

		Answer stale = viaA.post(CONFIGS + "/gray/promote", "If-Match", "\"" + grayVersion + "\"");
		assertThat(stale.status()).as(stale.toString()).isEqualTo(409);
		Answer promoted = viaA.post(CONFIGS + "/gray/promote", "If-Match", "\"" + base + "\"");
		assertThat(promoted.body().get("comment").asText()).isEqualTo("gray promoted");
		// the gray apps run base ⊕ patch already: no push, no event, they keep their version
		settle(changed(promoted), Map.of(euWeb, webAt30, usWeb, webAt30, euBatch, webAt30));
		assertThat(viaB.tryGet(CONFIGS + "/gray").status()).isEqualTo(404);
		JsonNode promotedBase = viaB.get(CONFIGS).get("properties");
		assertThat(promotedBase.size()).as("%s", promotedBase).isEqualTo(2);
		assertThat(promotedBase.get(GREETING).asText()).isEqualTo("gray for web");
		assertThat(promotedBase.get(MAX_CONNECTIONS).asText()).isEqualTo("30");
		apps.forEach((app) -> assertRunning(app, false));

		settle(viaB.publishYaml("mcp-sample-app", "dev", yaml(BASE)), Map.of(euWeb, BASE, euBatch, BASE, usWeb, BASE));
	}

	/**
	 * 0 % of a selector reaches none of its apps (alone it reaches no one and is refused);
	 * 50 % of all reaches exactly the apps the gray view lists, as both replicas list them;
	 * 100 % of a selector reaches all of its apps.
	 */
	private void grayByPercentage() {
		String patch = "sample.greeting: gray by percentage\n";
		Map<String, String> gray = config("gray by percentage", "10", "2s");
		long before = viaB.get(CONFIGS).get("version").asLong();
		Answer nobody = viaB.putYaml(CONFIGS + "/gray?selector=region=eu&percentage=0", patch);
		assertThat(nobody.status()).as("%s", nobody).isEqualTo(400);
		assertThat(nobody.body().get("error").asText()).contains("reaches no instance");
		assertThat(viaB.get(CONFIGS).get("version").asLong()).isEqualTo(before);
		assertThat(viaB.tryGet(CONFIGS + "/gray").status()).isEqualTo(404);

		// the listed app is in although outside the selector; none of the selector's is
		settle(changed(viaB.putYaml(CONFIGS + "/gray?selector=region=eu&percentage=0&instances=app-us-web", patch)),
				Map.of(usWeb, gray));
		JsonNode none = appliedGrayView(viaA, Set.of("app-us-web"));
		assertThat(none.get("percentage").asInt()).isZero();
		assertThat(none.get("selector").asText()).isEqualTo("region=eu");

		long half = changed(viaB.putYaml(CONFIGS + "/gray?percentage=50", patch));
		// A reads what B stored from etcd: once it has, both draw the same apps
		JsonNode view = await().atMost(DEADLINE)
			.until(() -> viaA.get(CONFIGS + "/gray"), (current) -> current.get("currentVersion").asLong() == half);
		// the rule changed, the gray is the same: its id, the salt of the draw, stays
		assertThat(view.get("id").asText()).isEqualTo(none.get("id").asText());
		Set<String> drawn = matchedIds(view);
		assertThat(matchedIds(viaB.get(CONFIGS + "/gray"))).isEqualTo(drawn);
		Map<ObservedApp, Map<String, String>> next = new LinkedHashMap<>();
		apps.forEach((app) -> next.put(app, drawn.contains(app.id) ? gray : BASE));
		settle(half, next);
		appliedGrayView(viaA, drawn);
		apps.forEach((app) -> assertRunning(app, drawn.contains(app.id)));

		Set<String> eu = Set.of("app-eu-web", "app-eu-batch");
		// through A, for an app on A and one on B
		long all = changed(viaA.putYaml(CONFIGS + "/gray?selector=region=eu&percentage=100", patch));
		settle(all, Map.of(euWeb, gray, euBatch, gray, usWeb, BASE));
		appliedGrayView(viaB, eu);
		appliedGrayView(viaA, eu);

		settle(changed(viaB.delete(CONFIGS + "/gray")), Map.of(euWeb, BASE, euBatch, BASE));
	}

	/**
	 * The app that cannot bind {@code sample.max-connections: not-a-number} refuses it; with
	 * abortOnNack the gray ends by itself, set through A, aborted by B that serves the app.
	 */
	private void grayAbortedByTheNackOfAnAppThatCannotBindIt() {
		long grayVersion = changed(viaA.putYaml(CONFIGS + "/gray?instances=app-eu-batch&abortOnNack=true",
				"sample:\n  greeting: never served\n  max-connections: not-a-number\n"));
		await().atMost(DEADLINE).until(() -> viaA.tryGet(CONFIGS + "/gray").status() == 404);
		JsonNode aborted = viaA.get(CONFIGS + "/releases").get(0);
		assertThat(aborted.get("version").asLong()).isEqualTo(grayVersion + 1);
		assertThat(aborted.get("author").asText()).isEqualTo("mcp-server");
		assertThat(aborted.get("comment").asText())
			.startsWith("gray aborted: instance app-eu-batch refused version " + grayVersion)
			.contains(MAX_CONNECTIONS);
		// nobody changes: eu-batch kept its values, the others were never in the gray
		settle(aborted.get("version").asLong(), Map.of());
		JsonNode refusing = instance(viaB, "app-eu-batch");
		assertThat(refusing.get("nackedVersion").asLong()).isEqualTo(grayVersion);
		assertThat(refusing.get("nackReason").asText()).contains(MAX_CONNECTIONS, "not-a-number");
		for (ObservedApp app : apps) {
			assertThat(app.app.text("/events")).doesNotContain("not-a-number", "never served");
		}
	}

	/**
	 * A gray for the app on A; A dies; the apps that listed both replicas carry on with B,
	 * each on its side of the gray with nothing pushed, and B's abort reaches the gray one.
	 */
	private void appsThatFailOverDuringAGrayStayOnTheirSide() throws InterruptedException {
		Map<String, String> gray = config("gray across the failover", "10", "2s");
		long grayVersion = changed(
				viaB.putYaml(CONFIGS + "/gray?instances=app-eu-web", "sample.greeting: gray across the failover\n"));
		settle(grayVersion, Map.of(euWeb, gray));
		assertThat(servedBy()).contains("app-eu-web@replica-a", "app-us-web@replica-a");

		replicaA.kill();
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(servedBy())
			.containsExactlyInAnyOrder("app-eu-web@replica-b", "app-eu-batch@replica-b", "app-us-web@replica-b"));
		settle(grayVersion, Map.of());
		JsonNode view = appliedGrayView(viaB, Set.of("app-eu-web"));
		assertThat(view.get("matched").get(0).get("serverId").asText()).isEqualTo("replica-b");
		assertRunning(euWeb, true);
		assertRunning(usWeb, false);

		settle(changed(viaB.delete(CONFIGS + "/gray")), Map.of(euWeb, BASE));
	}

	// --- checks ---

	/**
	 * Waits until every app serves what it is expected to after a change, then checks that
	 * nothing more arrives: the apps in {@code next} whose configuration changes got one
	 * event and hold {@code release}; every other app got no event and keeps its version.
	 */
	private static void settle(long release, Map<ObservedApp, Map<String, String>> next) {
		next.forEach((app, config) -> app.expect(config, release));
		await().atMost(DEADLINE).untilAsserted(() -> apps.forEach(ObservedApp::assertServesExpected));
		await().atMost(DEADLINE).untilAsserted(() -> {
			for (ObservedApp app : apps) {
				JsonNode instance = instance(viaB, app.id);
				assertThat(instance.get("ackedVersion").asLong()).as(app.id + " holds").isEqualTo(app.version);
			}
		});
		await().during(QUIET)
			.atMost(QUIET.plus(DEADLINE))
			.untilAsserted(() -> apps.forEach(ObservedApp::assertServesExpected));
	}

	/** Whether the center shows what the app runs: in the gray or not, and which overlays apply. */
	private static void assertRunning(ObservedApp app, boolean gray, String... overlays) {
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode running = instance(viaB, app.id).get("running");
			assertThat(running.get("gray").asBoolean()).as(app.id + " in the gray").isEqualTo(gray);
			assertThat(texts(running.get("overlays"))).as(app.id + " overlays").containsExactly(overlays);
			assertThat(running.get("checksum").asText()).isNotEmpty();
		});
	}

	/** The gray view once exactly {@code ids} are in and every one of them runs it. */
	private static JsonNode appliedGrayView(ConfigCenterClient center, Set<String> ids) {
		return await().atMost(DEADLINE).until(() -> center.get(CONFIGS + "/gray"), (view) -> {
			JsonNode counts = view.get("counts");
			return matchedIds(view).equals(ids) && counts.get("applied").asInt() == ids.size()
					&& counts.get("pending").asInt() == 0 && counts.get("nacked").asInt() == 0;
		});
	}

	private static Set<String> matchedIds(JsonNode view) {
		Set<String> ids = new HashSet<>();
		view.get("matched").forEach((instance) -> ids.add(instance.get("instanceId").asText()));
		return ids;
	}

	/** Every instance B lists, as {@code id@replica}. */
	private static List<String> servedBy() {
		List<String> where = new ArrayList<>();
		viaB.get(CONFIGS + "/instances")
			.forEach((instance) -> where.add(instance.get("instanceId").asText() + "@" + instance.get("serverId").asText()));
		return where;
	}

	private static JsonNode instance(ConfigCenterClient center, String id) {
		for (JsonNode instance : center.get(CONFIGS + "/instances")) {
			if (instance.get("instanceId").asText().equals(id)) {
				return instance;
			}
		}
		throw new AssertionError(id + " is not listed by the center");
	}

	private static List<String> lastChanges(ObservedApp app) {
		JsonNode events = app.app.json("/events");
		return ObservedApp.changes(events.get(events.size() - 1));
	}

	/** The version of the release a change made, which it must have made. */
	private static long changed(Answer answer) {
		assertThat(answer.isSuccess()).as("%s", answer).isTrue();
		return answer.body().get("version").asLong();
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach((item) -> texts.add(item.asText()));
		return texts;
	}

	/** The sample keys, {@code null} for absent (the app then has its application.yml's). */
	private static Map<String, String> config(String greeting, String maxConnections, String timeout) {
		Map<String, String> config = new LinkedHashMap<>();
		config.put(GREETING, greeting);
		config.put(MAX_CONNECTIONS, maxConnections);
		if (timeout != null) {
			config.put(TIMEOUT, timeout);
		}
		return Map.copyOf(config);
	}

	private static String yaml(Map<String, String> config) {
		StringBuilder yaml = new StringBuilder();
		config.forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
		return yaml.toString();
	}

	private static McpServerProcess startReplica(String id) {
		try {
			return McpServerProcess.start(work.resolve(id), "--mcp.server.store=etcd",
					"--mcp.server.etcd.endpoints=" + String.join(",", etcd.clientEndpoints()), "--mcp.server.id=" + id,
					"--mcp.server.etcd.lease-ttl=3s");
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A sample app and what the test expects it to serve. */
	private static final class ObservedApp {

		private final String id;

		private final SampleAppUnderTest app;

		/** The sample keys it is to hold. */
		private Map<String, String> config = BASE;

		/** The version it is to hold. */
		private long version;

		/** How many ConfigChangeEvents it is to have received. */
		private int events;

		/** The changes its last event is to list, {@code null} before any. */
		private List<String> lastChanges;

		private ObservedApp(String id, SampleAppUnderTest app, long version) {
			this.id = id;
			this.app = app;
			this.version = version;
		}

		static ObservedApp start(String id, String addresses, String token, long version, String... labels) {
			List<String> args = new ArrayList<>(List.of("--mcp.client.instance-id=" + id));
			for (String label : labels) {
				args.add("--mcp.client.labels." + label);
			}
			ObservedApp app = new ObservedApp(id,
					SampleAppUnderTest.start(addresses, token, work.resolve("snapshots-" + id), args.toArray(String[]::new)),
					version);
			apps.add(app);
			return app;
		}

		/** After a change made {@code release}: one event when its configuration changes, none otherwise. */
		void expect(Map<String, String> next, long release) {
			if (next.equals(config)) {
				return;
			}
			List<String> changes = new ArrayList<>();
			new TreeSet<>(next.keySet()).forEach((key) -> {
				if (!config.containsKey(key)) {
					changes.add("ADDED " + key);
				}
				else if (!config.get(key).equals(next.get(key))) {
					changes.add("MODIFIED " + key);
				}
			});
			config.keySet().stream().filter((key) -> !next.containsKey(key)).forEach((key) -> changes.add("DELETED " + key));
			config = next;
			version = release;
			events++;
			lastChanges = changes;
		}

		void assertServesExpected() {
			assertThat(app.text("/greeting")).as(id + " /greeting").isEqualTo(config.get(GREETING));
			JsonNode settings = app.json("/settings");
			assertThat(settings.get("greeting").asText()).as(id + " greeting").isEqualTo(config.get(GREETING));
			assertThat(settings.get("maxConnections").asInt()).as(id + " maxConnections")
				.isEqualTo(Integer.parseInt(config.get(MAX_CONNECTIONS)));
			// without the key, application.yml's 1s
			assertThat(settings.get("timeout").asText()).as(id + " timeout")
				.isEqualTo(DurationStyle.detectAndParse(config.getOrDefault(TIMEOUT, "1s")).toString());
			JsonNode received = app.json("/events");
			assertThat(received).as(id + " /events").hasSize(events);
			if (lastChanges != null) {
				JsonNode last = received.get(events - 1);
				assertThat(last.get("newVersion").asLong()).as(id + " last event's version").isEqualTo(version);
				assertThat(changes(last)).as(id + " last event's changes").containsExactlyInAnyOrderElementsOf(lastChanges);
			}
		}

		static List<String> changes(JsonNode event) {
			List<String> changes = new ArrayList<>();
			event.get("changes").forEach((change) -> changes.add(change.get("kind").asText() + " " + change.get("key").asText()));
			return changes;
		}

		void close() {
			app.close();
		}

	}

}
