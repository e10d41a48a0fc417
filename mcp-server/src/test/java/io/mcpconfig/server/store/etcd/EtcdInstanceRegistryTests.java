package io.mcpconfig.server.store.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.LeaseOption;
import io.mcpconfig.server.ServerId;
import io.mcpconfig.server.instance.Instance;
import io.mcpconfig.server.instance.Running;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.ReleaseSizeLimits;
import io.mcpconfig.server.store.StoreUnavailableException;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/**
 * Registries of two replicas on one etcd prefix: what each writes, what each lists, how
 * heartbeats are coalesced, and what becomes of the keys when a session ends, a client
 * moves, a replica stops, a lease is lost or etcd is down.
 */
class EtcdInstanceRegistryTests {

	private static final Target ORDERS_DEV = new Target("orders", "dev");

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final Duration SHORT_TTL = Duration.ofSeconds(2);

	/** Its first tick is 5 s away: what is written before was written at once. */
	private static final Duration LONG_TTL = Duration.ofSeconds(15);

	@RegisterExtension
	static EtcdCluster etcd = EtcdCluster.singleMember();

	private final String prefix = "/mcp-test-" + UUID.randomUUID() + "/";

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private Client probe;

	@BeforeEach
	void connect() {
		this.probe = etcd.newClient();
	}

	@AfterEach
	void close() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
		this.probe.close();
	}

	@Test
	void aConnectedInstanceIsWrittenUnderItsKeyAsJsonUnderTheReplicasLease() throws Exception {
		EtcdInstanceRegistry registry = replica("replica-a", SHORT_TTL);
		registry.put(instance("i-1", "replica-a", T0));

		KeyValue written = awaitKey("i-1");
		JsonNode json = new ObjectMapper().readTree(written.getValue().getBytes());
		assertThat(json.get("instanceId").asText()).isEqualTo("i-1");
		assertThat(json.get("serverId").asText()).isEqualTo("replica-a");
		assertThat(json.get("status").asText()).isEqualTo("ACKED");
		assertThat(json.get("labels").get("region").asText()).isEqualTo("us-west");
		assertThat(json.get("connectedSince").asText()).isEqualTo("2026-01-01T00:00:00Z");
		assertThat(written.getLease()).isNotZero();
		long grantedTtl = this.probe.getLeaseClient()
			.timeToLive(written.getLease(), LeaseOption.DEFAULT)
			.get(5, TimeUnit.SECONDS)
			.getGrantedTTL();
		assertThat(grantedTtl).isEqualTo(2);
	}

	@Test
	void everyReplicaListsTheInstancesOfAllReplicasOfTheTargetOrderedById() {
		EtcdInstanceRegistry a = replica("replica-a", SHORT_TTL);
		EtcdInstanceRegistry b = replica("replica-b", SHORT_TTL);
		a.put(instance("i-2", "replica-a", T0));
		b.put(instance("i-1", "replica-b", T0));
		b.put(new Instance("other", "host", "billing", "dev", Map.of(), List.of(), "1.0", "replica-b", Instance.Status.ACKED, 1,
				0, "", T0, T0, "127.0.0.1", "client", null));

		for (EtcdInstanceRegistry registry : List.of(a, b)) {
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(registry.list(ORDERS_DEV))
					.extracting(Instance::instanceId, Instance::serverId)
					.containsExactly(tuple("i-1", "replica-b"),
							tuple("i-2", "replica-a")));
		}
	}

	@Test
	void findReadsOneInstanceOfAnyReplicaAndPrefersTheNewerSession() {
		EtcdInstanceRegistry a = replica("replica-a", SHORT_TTL);
		EtcdInstanceRegistry b = replica("replica-b", SHORT_TTL);
		Instance onA = instance("mover", "replica-a", T0);
		a.put(onA);
		b.put(instance("i-2", "replica-b", T0));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(b.find(ORDERS_DEV, "mover")).map(Instance::serverId).contains("replica-a"));
		assertThat(b.find(ORDERS_DEV, "nobody")).isEmpty();
		assertThat(b.find(new Target("orders", "prod"), "mover")).isEmpty();
		// the instance moved to B: B's own newer session wins over A's record in etcd
		Instance onB = instance("mover", "replica-b", T0.plusSeconds(10));
		b.put(onB);
		assertThat(b.find(ORDERS_DEV, "mover")).contains(onB);
		// A's own record until etcd says otherwise, then B's newer one
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(a.find(ORDERS_DEV, "mover")).map(Instance::serverId).contains("replica-b"));
	}

	@Test
	void aKeyHeldByANewerSessionOnAnotherReplicaDoesNotStopTheOthersWrittenWithIt() throws Exception {
		EtcdInstanceRegistry a = replica("replica-a", LONG_TTL);
		EtcdInstanceRegistry b = replica("replica-b", LONG_TTL);
		b.put(instance("i-050", "replica-b", T0.plusSeconds(60)));
		awaitKey("i-050");
		// a reconnect storm on A that includes an older session of i-050: written in one flush
		for (int i = 0; i < 100; i++) {
			a.put(instance(String.format("i-%03d", i), "replica-a", T0));
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			for (String id : List.of("i-000", "i-049", "i-051", "i-099")) {
				assertThat(readKey(id).map(this::serverId)).contains("replica-a");
			}
		});
		assertThat(readKey("i-050").map(this::serverId)).contains("replica-b");
		// what B lists comes from etcd alone
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(b.list(ORDERS_DEV)).hasSize(100)
				.allSatisfy((listed) -> assertThat(listed.serverId())
					.isEqualTo(listed.instanceId().equals("i-050") ? "replica-b" : "replica-a")));
	}

	@Test
	void aChangeOfStatusIsWrittenAtOnce() {
		EtcdInstanceRegistry a = replica("replica-a", LONG_TTL);
		EtcdInstanceRegistry b = replica("replica-b", LONG_TTL);
		Instance connected = instance("i-1", "replica-a", T0);
		a.put(connected);
		a.put(connected.nacked(2, "APPLY_FAILED: bad value", T0.plusSeconds(1)));

		await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(b.list(ORDERS_DEV)).singleElement()
			.satisfies((seen) -> {
				assertThat(seen.status()).isEqualTo(Instance.Status.NACKED);
				assertThat(seen.nackedVersion()).isEqualTo(2);
				assertThat(seen.nackReason()).isEqualTo("APPLY_FAILED: bad value");
			}));
	}

	@Test
	void heartbeatsAreCoalescedIntoFewWritesAndTheLastOneReachesEtcd() throws Exception {
		EtcdInstanceRegistry registry = replica("replica-a", SHORT_TTL);
		Instance connected = instance("i-1", "replica-a", T0);
		registry.put(connected);
		awaitKey("i-1");
		for (int i = 1; i <= 50; i++) {
			registry.put(connected.heardFrom(T0.plusSeconds(i)));
		}

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(readKey("i-1").map(this::lastHeartbeat)).contains(T0.plusSeconds(50)));
		// the first write, then one per tick at most (a tick is a third of the TTL)
		assertThat(readKey("i-1").orElseThrow().getVersion()).isLessThanOrEqualTo(3);
	}

	@Test
	void anInstanceWhoseSessionEndsLeavesEtcdAndEveryList() {
		EtcdInstanceRegistry a = replica("replica-a", SHORT_TTL);
		EtcdInstanceRegistry b = replica("replica-b", SHORT_TTL);
		Instance connected = instance("i-1", "replica-a", T0);
		a.put(connected);
		await().atMost(Duration.ofSeconds(5)).until(() -> b.list(ORDERS_DEV).size() == 1);

		a.remove(connected.heardFrom(T0.plusSeconds(3)));

		await().atMost(Duration.ofSeconds(5)).until(() -> b.list(ORDERS_DEV).isEmpty() && readKey("i-1").isEmpty());
		assertThat(a.list(ORDERS_DEV)).isEmpty();
	}

	@Test
	void anOlderSessionOnAnotherReplicaNeitherOverwritesNorDeletesTheInstancesNewerSession() {
		EtcdInstanceRegistry a = replica("replica-a", SHORT_TTL);
		EtcdInstanceRegistry b = replica("replica-b", SHORT_TTL);
		Instance oldSession = instance("mover", "replica-a", T0);
		a.put(oldSession);
		awaitKey("mover");
		// the client reconnects to B before A notices that its session is gone
		b.put(instance("mover", "replica-b", T0.plusSeconds(10)));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> readKey("mover").map(this::serverId).equals(Optional.of("replica-b")));

		a.put(oldSession.pending(T0.plusSeconds(11)));
		a.put(oldSession.heardFrom(T0.plusSeconds(12)));
		a.remove(oldSession);

		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(readKey("mover").map(this::serverId)).contains("replica-b"));
		assertThat(a.list(ORDERS_DEV)).singleElement().satisfies((listed) -> {
			assertThat(listed.serverId()).isEqualTo("replica-b");
			assertThat(listed.status()).isEqualTo(Instance.Status.ACKED);
		});
	}

	@Test
	void aLiveSessionThatYieldedToANewerLookingOneIsWrittenAgainOnceThatOneEnds() {
		EtcdInstanceRegistry a = replica("replica-a", SHORT_TTL);
		EtcdInstanceRegistry b = replica("replica-b", SHORT_TTL);
		// B's clock runs ahead: its lingering session of the instance looks newer than A's live one
		Instance lingering = instance("mover", "replica-b", T0.plusSeconds(30));
		b.put(lingering);
		awaitKey("mover");
		a.put(instance("mover", "replica-a", T0.plusSeconds(10)));
		await().during(Duration.ofMillis(1500))
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(readKey("mover").map(this::serverId)).contains("replica-b"));

		b.remove(lingering);

		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(b.list(ORDERS_DEV)).extracting(Instance::serverId)
				.containsExactly("replica-a"));
	}

	@Test
	void instancesYieldedToNewerSessionsCostEtcdNoCommitWhileThoseHoldTheirKeys() throws Exception {
		EtcdInstanceRegistry a = replica("replica-a", SHORT_TTL);
		EtcdInstanceRegistry b = replica("replica-b", SHORT_TTL);
		List<String> moved = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			moved.add("moved-" + i);
			b.put(instance("moved-" + i, "replica-b", T0.plusSeconds(60)));
		}
		moved.forEach(this::awaitKey);
		// their older sessions linger on A, which yields every key on its first write
		moved.forEach((id) -> a.put(instance(id, "replica-a", T0)));
		await().atMost(Duration.ofSeconds(5)).until(() -> a.list(ORDERS_DEV).size() == 20);

		long before = committedProposals();
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(readKey("moved-0").map(this::serverId)).contains("replica-b"));
		// three ticks of A: a transaction with a put per yielded key and tick would be 60 commits
		assertThat(committedProposals() - before).isLessThan(10);
	}

	@Test
	void aReplicaThatClosesRevokesItsLeaseSoItsInstancesLeaveAtOnce() throws Exception {
		EtcdInstanceRegistry a = replica("replica-a", LONG_TTL);
		EtcdInstanceRegistry b = replica("replica-b", LONG_TTL);
		a.put(instance("i-1", "replica-a", T0));
		a.put(instance("i-2", "replica-a", T0));
		await().atMost(Duration.ofSeconds(5)).until(() -> b.list(ORDERS_DEV).size() == 2);

		a.close();

		// long before the 15 s lease would expire
		await().atMost(Duration.ofSeconds(2)).until(() -> b.list(ORDERS_DEV).isEmpty());
	}

	@Test
	void aLeaseThatEtcdNoLongerKnowsIsGrantedAgainAndTheInstancesWrittenAgain() throws Exception {
		EtcdInstanceRegistry registry = replica("replica-a", SHORT_TTL);
		registry.put(instance("i-1", "replica-a", T0));
		long lostLease = awaitKey("i-1").getLease();

		// as if etcd had been out of reach for longer than the TTL
		this.probe.getLeaseClient().revoke(lostLease).get(5, TimeUnit.SECONDS);
		assertThat(readKey("i-1")).isEmpty();

		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(readKey("i-1")).hasValueSatisfying(
				(kv) -> assertThat(kv.getLease()).isNotZero().isNotEqualTo(lostLease)));
	}

	@Test
	void whileEtcdIsDownSessionsAreNotHeldUpListingFailsAndInstancesAreWrittenOnceItIsBack() {
		EtcdInstanceRegistry a = replica("replica-a", SHORT_TTL, Duration.ofSeconds(1));
		EtcdInstanceRegistry b = replica("replica-b", SHORT_TTL, Duration.ofSeconds(1));
		etcd.stop(0);

		long started = System.nanoTime();
		Instance connected = instance("i-1", "replica-a", T0);
		a.put(connected);
		a.put(connected.acked(2, Running.holding("c2"), T0.plusSeconds(1)));
		// Blocking on etcd would take at least the 1 s call timeout; a loaded CI machine needs margin.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> b.list(ORDERS_DEV))
			.withMessageContaining("reading the instances of orders/dev");

		etcd.start(0);

		// Until the client has reconnected, listing still fails like it did while etcd was down.
		await().atMost(Duration.ofSeconds(20))
			.ignoreException(StoreUnavailableException.class)
			.untilAsserted(() -> assertThat(b.list(ORDERS_DEV)).singleElement()
			.satisfies((seen) -> assertThat(seen.ackedVersion()).isEqualTo(2)));
	}

	@Test
	void theLeaseStaysAliveWhileAFlushOfManyInstancesTakesLongerThanItsTtl() throws Exception {
		EtcdInstanceRegistry registry = replica("replica-a", Duration.ofSeconds(1));
		int count = 3000;
		for (int i = 0; i < count; i++) {
			registry.put(instance("i-" + i, "replica-a", T0));
		}
		// one write per instance: with the keep-alive behind them the lease would expire mid-flush
		await().atMost(Duration.ofSeconds(60)).until(() -> instanceKeys() == count);
		long lease = awaitKey("i-0").getLease();
		// etcd answers -1 for a lease that expired (whole seconds otherwise, so 0 is alive)
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> this.probe.getLeaseClient()
			.timeToLive(lease, LeaseOption.DEFAULT)
			.get(5, TimeUnit.SECONDS)
			.getTTL() >= 0);
	}

	@Test
	void sessionsEndingByTheThousandLeaveEtcdExceptWhereANewerSessionHoldsTheKey() {
		EtcdInstanceRegistry a = replica("replica-a", LONG_TTL);
		EtcdInstanceRegistry b = replica("replica-b", LONG_TTL);
		// several batches of writes in flight, then of deletes
		int count = 4 * EtcdInstanceRegistry.WRITES_IN_FLIGHT + 7;
		List<Instance> sessions = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Instance session = instance("i-" + i, "replica-a", T0);
			sessions.add(session);
			a.put(session);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> instanceKeys() == count);
		// a few clients moved to B before A noticed their sessions ended
		List<String> moved = List.of("i-3", "i-300", "i-" + (count - 1));
		moved.forEach((id) -> b.put(instance(id, "replica-b", T0.plusSeconds(10))));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> moved.stream().allMatch((id) -> readKeyQuietly(id).map(this::serverId)
				.equals(Optional.of("replica-b"))));

		sessions.forEach(a::remove);

		await().atMost(Duration.ofSeconds(30)).until(() -> instanceKeys() == moved.size());
		assertThat(b.list(ORDERS_DEV)).extracting(Instance::instanceId, Instance::serverId)
			.containsExactlyInAnyOrder(moved.stream().map((id) -> tuple(id, "replica-b")).toArray(Tuple[]::new));
	}

	private long instanceKeys() throws Exception {
		ByteSequence instances = ByteSequence.from(this.prefix + "instances/", StandardCharsets.UTF_8);
		return this.probe.getKVClient()
			.get(instances, GetOption.builder().isPrefix(true).withCountOnly(true).build())
			.get(5, TimeUnit.SECONDS)
			.getCount();
	}

	/** Raft proposals the etcd member committed so far, from its metrics. */
	private static long committedProposals() throws IOException {
		// HttpURLConnection: java.net.http.HttpClient starts a thread that Java 17 cannot close
		HttpURLConnection connection = (HttpURLConnection) URI.create(etcd.clientEndpoint(0) + "/metrics")
			.toURL()
			.openConnection();
		connection.setConnectTimeout(5000);
		connection.setReadTimeout(5000);
		try (InputStream body = connection.getInputStream()) {
			return new String(body.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter((line) -> line.startsWith("etcd_server_proposals_committed_total "))
				.mapToLong((line) -> (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("etcd reports no committed proposals"));
		}
		finally {
			connection.disconnect();
		}
	}

	private Optional<KeyValue> readKeyQuietly(String instanceId) {
		try {
			return readKey(instanceId);
		}
		catch (Exception ex) {
			return Optional.empty();
		}
	}

	private EtcdInstanceRegistry replica(String serverId, Duration leaseTtl) {
		return replica(serverId, leaseTtl, Duration.ofSeconds(5));
	}

	private EtcdInstanceRegistry replica(String serverId, Duration leaseTtl, Duration timeout) {
		EtcdReleaseStore store = new EtcdReleaseStore(
				EtcdReleaseStoreTests.settings(etcd.clientEndpoints(), this.prefix, timeout), 100,
				ReleaseSizeLimits.DEFAULT);
		this.closeables.add(store);
		EtcdInstanceRegistry registry = new EtcdInstanceRegistry(store, new ServerId(serverId), leaseTtl);
		this.closeables.add(registry);
		return registry;
	}

	private static Instance instance(String id, String serverId, Instant connectedSince) {
		return new Instance(id, "test-host", "orders", "dev", Map.of("region", "us-west"), List.of("eu"), "1.0", serverId,
				Instance.Status.ACKED, 1, 0, "", connectedSince, connectedSince, "127.0.0.1", "client", null);
	}

	private KeyValue awaitKey(String instanceId) {
		return await().atMost(Duration.ofSeconds(5)).until(() -> readKey(instanceId), Optional::isPresent).get();
	}

	private Optional<KeyValue> readKey(String instanceId) throws Exception {
		ByteSequence key = ByteSequence.from(this.prefix + "instances/orders/dev/" + instanceId, StandardCharsets.UTF_8);
		return this.probe.getKVClient().get(key).get(5, TimeUnit.SECONDS).getKvs().stream().findFirst();
	}

	private Instant lastHeartbeat(KeyValue kv) {
		return Instant.parse(json(kv).get("lastHeartbeat").asText());
	}

	private String serverId(KeyValue kv) {
		return json(kv).get("serverId").asText();
	}

	private static JsonNode json(KeyValue kv) {
		try {
			return new ObjectMapper().readTree(kv.getValue().getBytes());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
