package io.mcpconfig.server.store.etcd;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.GetOption;
import io.mcpconfig.server.audit.AuditAction;
import io.mcpconfig.server.audit.AuditEntry;
import io.mcpconfig.server.audit.AuditFilter;
import io.mcpconfig.server.audit.AuditPage;
import io.mcpconfig.server.audit.AuditRetention;
import io.mcpconfig.server.audit.RecordingReleaseAudit;
import io.mcpconfig.server.audit.TestEntries;
import io.mcpconfig.server.audit.TokenAudit;
import io.mcpconfig.server.audit.RecordingTokenAudit;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.security.LastAdminTokenException;
import io.mcpconfig.server.security.Role;
import io.mcpconfig.server.security.Scope;
import io.mcpconfig.server.security.TokenExistsException;
import io.mcpconfig.server.security.TokenSecret;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseChange;
import io.mcpconfig.server.store.ReleaseSizeLimits;
import io.mcpconfig.server.store.VersionConflictException;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Two store instances on one etcd prefix behave as two server replicas would: they share
 * versions, compare-and-set against each other, and see each other's releases and audit
 * entries.
 */
class EtcdReleaseStoreReplicaTests {

	private static final Target ORDERS_DEV = new Target("orders", "dev");

	@RegisterExtension
	static EtcdCluster etcd = EtcdCluster.singleMember();

	private final String prefix = "/mcp-test-" + UUID.randomUUID() + "/";

	private final List<EtcdReleaseStore> stores = new ArrayList<>();

	private EtcdReleaseStore replicaA;

	private EtcdReleaseStore replicaB;

	private ExecutorService pool;

	@BeforeEach
	void startReplicas() {
		this.replicaA = replica(100);
		this.replicaB = replica(100);
		this.pool = Executors.newFixedThreadPool(8);
	}

	@AfterEach
	void stopReplicas() {
		this.pool.shutdownNow();
		this.stores.forEach(EtcdReleaseStore::close);
	}

	@Test
	void racingExpectedVersionPublishesFromTwoReplicasHaveExactlyOneWinnerPerVersion() throws Exception {
		int rounds = 10;
		int writers = 8;
		for (long expected = 0; expected < rounds; expected++) {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Release>> results = new ArrayList<>();
			for (int w = 0; w < writers; w++) {
				EtcdReleaseStore replica = (w % 2 == 0) ? this.replicaA : this.replicaB;
				PublishRequest request = PublishRequest.of(ORDERS_DEV, Map.of("writer", expected + "-" + w))
					.expecting(expected);
				results.add(this.pool.submit(() -> {
					start.await();
					try {
						return replica.publish(request);
					}
					catch (VersionConflictException ex) {
						assertThat(ex.currentVersion()).isEqualTo(request.expectedVersion().getAsLong() + 1);
						return null;
					}
				}));
			}
			start.countDown();
			List<Release> winners = new ArrayList<>();
			for (Future<Release> result : results) {
				Release release = result.get(30, TimeUnit.SECONDS);
				if (release != null) {
					winners.add(release);
				}
			}
			assertThat(winners).as("winners expecting version %d", expected).hasSize(1);
			assertThat(winners.get(0).version()).isEqualTo(expected + 1);
		}
		assertThat(this.replicaB.history(ORDERS_DEV, 100)).extracting(Release::version)
			.containsExactly(10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
	}

	@Test
	void concurrentPublishesFromTwoReplicasNeverShareAVersion() throws Exception {
		int perWriter = 10;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<List<Long>>> results = new ArrayList<>();
		for (int w = 0; w < 8; w++) {
			EtcdReleaseStore replica = (w % 2 == 0) ? this.replicaA : this.replicaB;
			int writer = w;
			results.add(this.pool.submit(() -> {
				start.await();
				List<Long> versions = new ArrayList<>();
				for (int i = 0; i < perWriter; i++) {
					PublishRequest request = PublishRequest.of(ORDERS_DEV, Map.of("w", writer + "-" + i));
					versions.add(replica.publish(request).version());
				}
				return versions;
			}));
		}
		start.countDown();
		Set<Long> versions = new HashSet<>();
		for (Future<List<Long>> result : results) {
			versions.addAll(result.get(60, TimeUnit.SECONDS));
		}
		assertThat(versions).hasSize(8 * perWriter);
		assertThat(this.replicaA.current(ORDERS_DEV).orElseThrow().version()).isEqualTo(8L * perWriter);
		assertThat(this.replicaB.history(ORDERS_DEV, 100)).hasSize(8 * perWriter);
	}

	@Test
	void publishThroughOneReplicaReachesTheWatchOfAnother() throws Exception {
		ConcurrentLinkedQueue<Release> seenByB = new ConcurrentLinkedQueue<>();
		try (AutoCloseable registration = this.replicaB.watch(seenByB::add)) {
			Release published = this.replicaA.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(seenByB).containsExactly(published));
		}
	}

	@Test
	void aNewReplicaOnTheSamePrefixContinuesTheVersions() {
		this.replicaA.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		this.replicaA.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2")));
		this.replicaA.close();
		EtcdReleaseStore restarted = replica(100);
		assertThat(restarted.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "3"))).version()).isEqualTo(3);
		assertThat(this.replicaB.current(ORDERS_DEV).orElseThrow().properties()).containsEntry("a", "3");
	}

	@Test
	void onlyTheNewestMaxHistoryReleasesAreKeptInEtcd() throws Exception {
		EtcdReleaseStore store = replica(3);
		for (int i = 1; i <= 5; i++) {
			store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", String.valueOf(i))));
		}
		assertThat(store.history(ORDERS_DEV, 10)).extracting(Release::version).containsExactly(5L, 4L, 3L);
		assertThat(store.release(ORDERS_DEV, 2)).isEmpty();
		assertThat(keysUnder(this.prefix + "releases/orders/dev/")).containsExactly(
				this.prefix + "releases/orders/dev/00000000000000000003",
				this.prefix + "releases/orders/dev/00000000000000000004",
				this.prefix + "releases/orders/dev/00000000000000000005");
	}

	@Test
	void keysFollowTheDocumentedLayout() throws Exception {
		this.replicaA.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		this.replicaA.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2")));
		try (Client client = etcd.newClient()) {
			List<KeyValue> all = client.getKVClient()
				.get(bytes(this.prefix), GetOption.builder().isPrefix(true).build())
				.get(10, TimeUnit.SECONDS)
				.getKvs();
			assertThat(all).extracting((kv) -> kv.getKey().toString(StandardCharsets.UTF_8))
				.containsExactly(this.prefix + "current/orders/dev",
						this.prefix + "releases/orders/dev/00000000000000000001",
						this.prefix + "releases/orders/dev/00000000000000000002");
			assertThat(all.get(0).getValue().toString(StandardCharsets.UTF_8)).isEqualTo("2");
			assertThat(all.get(2).getValue().toString(StandardCharsets.UTF_8)).contains("\"version\":2",
					"\"properties\":{\"a\":\"2\"}", "\"target\":{\"app\":\"orders\",\"env\":\"dev\"}");
		}
	}

	@Test
	void auditEntriesOfBothReplicasAreOneLogOfWhichTheNewestMaxEntriesAreKept() throws Exception {
		EtcdAuditStore auditA = new EtcdAuditStore(this.replicaA, new AuditRetention(3));
		EtcdAuditStore auditB = new EtcdAuditStore(this.replicaB, new AuditRetention(3));
		Instant start = Instant.now();
		List<AuditEntry> written = new ArrayList<>();
		for (int version = 1; version <= 4; version++) {
			written.add(TestEntries.publish(ORDERS_DEV, version, start.plusMillis(version)));
			((version % 2 == 1) ? auditA : auditB).append(written.get(written.size() - 1));
		}
		written.add(TestEntries.tokenCreate("ci", start.plusMillis(5)));
		auditB.append(written.get(4));

		AuditPage onA = auditA.read(TestEntries.everything(), 0, 10);
		assertThat(onA.entries()).containsExactly(written.get(4), written.get(3), written.get(2));
		assertThat(onA.total()).isEqualTo(3);
		assertThat(auditB.read(TestEntries.everything(), 0, 10)).isEqualTo(onA);
		AuditPage ordersOnly = auditB.read(new AuditFilter("orders", "dev", null), 1, 1);
		assertThat(ordersOnly.entries()).containsExactly(written.get(2));
		assertThat(ordersOnly.total()).isEqualTo(2);

		assertThat(keysUnder(this.prefix + "audit/")).containsExactly(
				this.prefix + "audit/" + written.get(2).id() + "/orders/dev",
				this.prefix + "audit/" + written.get(3).id() + "/orders/dev",
				this.prefix + "audit/" + written.get(4).id());
	}

	@Test
	void aReleaseAndItsAuditEntryAreOneTransactionThatEveryReplicaReads() throws Exception {
		EtcdAuditStore auditB = new EtcdAuditStore(this.replicaB, new AuditRetention(10));
		// stored() does nothing: the entry is in etcd because the release's transaction wrote it
		RecordingReleaseAudit audit = new RecordingReleaseAudit();
		Release release = this.replicaA.publish(new PublishRequest(ORDERS_DEV, ReleaseChange.properties(Map.of("a", "1")),
				OptionalLong.empty(), "ci", null, audit));

		assertThat(audit.stored()).hasSize(1);
		assertThat(auditB.read(TestEntries.everything(), 0, 10).entries()).containsExactlyElementsOf(audit.stored());
		assertThat(audit.stored().get(0).version()).isEqualTo(release.version());

		// a publish etcd refuses (replica B published first) writes no entry; the one retried writes one
		CountDownLatch bPublished = new CountDownLatch(1);
		RecordingReleaseAudit raced = new RecordingReleaseAudit();
		this.replicaA.publish(new PublishRequest(ORDERS_DEV, (current, version) -> {
			if (bPublished.getCount() > 0) {
				this.replicaB.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "b")));
				bPublished.countDown();
			}
			return ReleaseChange.properties(Map.of("a", "2")).apply(current, version);
		}, OptionalLong.empty(), "ci", null, raced));
		assertThat(raced.made()).extracting(AuditEntry::version).containsExactly(2L, 3L);
		assertThat(raced.stored()).extracting(AuditEntry::version).containsExactly(3L);
		assertThat(auditB.read(TestEntries.everything(), 0, 10).entries()).extracting(AuditEntry::version)
			.containsExactly(3L, 1L);
	}

	@Test
	void aTokenChangeAndItsAuditEntryAreOneTransactionThatEveryReplicaReads() throws Exception {
		EtcdTokenStore tokens = new EtcdTokenStore(this.replicaA);
		EtcdAuditStore auditB = new EtcdAuditStore(this.replicaB, new AuditRetention(10));
		ApiToken token = new ApiToken("ci", Role.PUBLISHER, Scope.ALL, TokenSecret.hash("secret"), Instant.now(),
				"admin");
		List<AuditEntry> made = new ArrayList<>();

		tokens.create(token, new RecordingTokenAudit(AuditAction.TOKEN_CREATE, made));
		assertThatExceptionOfType(TokenExistsException.class)
			.isThrownBy(() -> tokens.create(token, new RecordingTokenAudit(AuditAction.TOKEN_CREATE, made)));
		assertThat(tokens.revoke("ci", true, new RecordingTokenAudit(AuditAction.TOKEN_REVOKE, made))).contains(token);
		assertThat(tokens.revoke("ci", true, new RecordingTokenAudit(AuditAction.TOKEN_REVOKE, made))).isEmpty();

		// made: the creation, the refused creation, the revocation; only two were committed
		assertThat(made).hasSize(3);
		assertThat(auditB.read(TestEntries.everything(), 0, 10).entries()).containsExactly(made.get(2),
				made.get(0));
	}

	@Test
	void twoReplicasRevokingTheOnlyTwoAdminTokensAtOnceLeaveOneAndRecordOneRevocation() throws Exception {
		EtcdTokenStore tokensA = new EtcdTokenStore(this.replicaA);
		EtcdTokenStore tokensB = new EtcdTokenStore(this.replicaB);
		EtcdAuditStore audit = new EtcdAuditStore(this.replicaB, new AuditRetention(10));
		Instant now = Instant.now();
		ApiToken first = new ApiToken("first", Role.ADMIN, Scope.ALL, TokenSecret.hash("one"), now, "admin");
		ApiToken second = new ApiToken("second", Role.ADMIN, Scope.ALL, TokenSecret.hash("two"), now, "admin");
		tokensA.create(first, null);
		tokensA.create(second, null);
		List<AuditEntry> made = new ArrayList<>();
		List<AuditEntry> revokedByB = new ArrayList<>();

		// replica B revokes the second token after A read both and before A commits: A's
		// transaction must not commit on what it read, or no admin token would be left
		TokenAudit recorded = new RecordingTokenAudit(AuditAction.TOKEN_REVOKE, made);
		TokenAudit interleaved = new TokenAudit() {

			@Override
			public AuditEntry entryFor(ApiToken token) {
				if (revokedByB.isEmpty()) {
					TokenAudit byB = new RecordingTokenAudit(AuditAction.TOKEN_REVOKE, revokedByB);
					assertThat(tokensB.revoke("second", true, byB)).contains(second);
				}
				return recorded.entryFor(token);
			}

			@Override
			public void stored(AuditEntry entry) {
				recorded.stored(entry);
			}

		};
		assertThatExceptionOfType(LastAdminTokenException.class)
			.isThrownBy(() -> tokensA.revoke("first", true, interleaved))
			.withMessageStartingWith("token 'first' is the last admin token");

		assertThat(tokensA.tokens()).containsExactly(first);
		assertThat(audit.read(TestEntries.everything(), 0, 10).entries()).containsExactlyElementsOf(revokedByB);
		// where an admin token is configured, the last stored one may go
		assertThat(tokensB.revoke("first", false, new RecordingTokenAudit(AuditAction.TOKEN_REVOKE, made)))
			.contains(first);
		assertThat(tokensA.tokens()).isEmpty();
	}

	@Test
	void aLogCountedEveryFewAppendsStillKeepsTheNewestMaxEntries() throws Exception {
		// 300 entries: counted on every third append of a replica
		EtcdAuditStore audit = new EtcdAuditStore(this.replicaA, new AuditRetention(300));
		Instant start = Instant.now();
		List<AuditEntry> written = new ArrayList<>();
		for (int version = 1; version <= 400; version++) {
			written.add(TestEntries.publish(ORDERS_DEV, version, start.plusMillis(version)));
			audit.append(written.get(written.size() - 1));
		}
		// dropped back to 300 at each count that finds more than 330: never more than 330 and
		// the appends until the next count
		assertThat(keysUnder(this.prefix + "audit/")).hasSizeBetween(300, 333);
		AuditPage newest = audit.read(TestEntries.everything(), 0, 300);
		assertThat(newest.total()).isEqualTo(300);
		assertThat(newest.entries().get(0)).isEqualTo(written.get(399));
		assertThat(newest.entries().get(299)).isEqualTo(written.get(100));
	}

	private List<String> keysUnder(String keyPrefix) throws Exception {
		try (Client client = etcd.newClient()) {
			return client.getKVClient()
				.get(bytes(keyPrefix), GetOption.builder().isPrefix(true).withKeysOnly(true).build())
				.get(10, TimeUnit.SECONDS)
				.getKvs()
				.stream()
				.map((kv) -> kv.getKey().toString(StandardCharsets.UTF_8))
				.toList();
		}
	}

	private EtcdReleaseStore replica(int maxHistory) {
		EtcdReleaseStore store = new EtcdReleaseStore(
				EtcdReleaseStoreTests.settings(etcd.clientEndpoints(), this.prefix, Duration.ofSeconds(5)), maxHistory,
				ReleaseSizeLimits.DEFAULT);
		this.stores.add(store);
		return store;
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

}
