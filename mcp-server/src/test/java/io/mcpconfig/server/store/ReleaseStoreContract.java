package io.mcpconfig.server.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.server.audit.RecordingReleaseAudit;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.rollout.Gray;
import io.mcpconfig.server.rollout.GrayPatch;
import io.mcpconfig.server.rollout.Overlay;
import io.mcpconfig.server.rollout.Rollout;
import io.mcpconfig.server.rollout.Selector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link ReleaseStore} must do. Each store's test extends this class, so the
 * file store and the etcd store cannot drift apart.
 */
public abstract class ReleaseStoreContract {

	protected static final Target ORDERS_DEV = new Target("orders", "dev");

	protected static final Target ORDERS_PROD = new Target("orders", "prod");

	protected ReleaseStore store;

	/** A new store over fresh, empty storage. */
	protected abstract ReleaseStore createStore() throws Exception;

	/** A new store over the same storage as {@link #createStore()} made (a restart). */
	protected ReleaseStore reopenStore() {
		return reopenStore(ReleaseSizeLimits.DEFAULT);
	}

	/** As {@link #reopenStore()}, with another size limit (a restart with the setting changed). */
	protected abstract ReleaseStore reopenStore(ReleaseSizeLimit sizeLimit);

	@BeforeEach
	void openStore() throws Exception {
		store = createStore();
	}

	@AfterEach
	void closeStore() {
		store.close();
	}

	@Test
	void firstReleaseOfATargetIsVersionOne() {
		Release release = store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		assertThat(release.version()).isEqualTo(1);
		assertThat(release.target()).isEqualTo(ORDERS_DEV);
		assertThat(release.properties()).containsExactly(Map.entry("a", "1"));
	}

	@Test
	void aReleaseBeyondTheSizeLimitIsRefusedAndStoresNothing() {
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		String value = "x".repeat((int) DataSize.ofMegabytes(4).toBytes()); // with its key, one byte too many
		assertThatExceptionOfType(ReleaseTooLargeException.class)
			.isThrownBy(() -> store.publish(PublishRequest.of(ORDERS_DEV, Map.of("b", value))))
			.withMessage("the release of orders/dev would hold 4194305 bytes of keys and values, more than the"
					+ " 4194304 allowed (mcp.server.limits.max-release-size): its own configuration 4194305");
		assertThat(store.current(ORDERS_DEV).orElseThrow().properties()).containsExactly(Map.entry("a", "1"));
		assertThat(store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2"))).version()).isEqualTo(2);
	}

	@Test
	void aReleaseOverALoweredLimitMayShrinkButNotGrow() throws Exception {
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "x".repeat(2000))));
		store.close();
		store = reopenStore(new ReleaseSizeLimit(DataSize.ofKilobytes(1)));
		assertThat(store.current(ORDERS_DEV).orElseThrow().properties().get("a")).hasSize(2000);
		assertThat(store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "x".repeat(1500)))).version()).isEqualTo(2);
		assertThatExceptionOfType(ReleaseTooLargeException.class)
			.isThrownBy(() -> store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "x".repeat(1600)))));
		assertThatExceptionOfType(ReleaseTooLargeException.class) // a new target has nothing to shrink from
			.isThrownBy(() -> store.publish(PublishRequest.of(ORDERS_PROD, Map.of("a", "x".repeat(1100)))));
		assertThat(store.current(ORDERS_DEV).orElseThrow().version()).isEqualTo(2);
	}

	@Test
	void versionsIncreaseByOnePerTargetIndependently() {
		assertThat(store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1"))).version()).isEqualTo(1);
		assertThat(store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2"))).version()).isEqualTo(2);
		assertThat(store.publish(PublishRequest.of(ORDERS_PROD, Map.of("a", "9"))).version()).isEqualTo(1);
		assertThat(store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "3"))).version()).isEqualTo(3);
	}

	@Test
	void checksumIsTheCanonicalChecksumOfTheProperties() {
		Map<String, String> properties = Map.of("b", "2", "a", "1");
		Release release = store.publish(PublishRequest.of(ORDERS_DEV, properties));
		assertThat(release.checksum()).isEqualTo(ConfigChecksum.of(properties));
		assertThat(store.current(ORDERS_DEV).orElseThrow().checksum()).isEqualTo(ConfigChecksum.of(properties));
	}

	@Test
	void keepsAuthorCommentAndPublishTime() {
		Release published = store.publish(new PublishRequest(ORDERS_DEV, Map.of("a", "1"),
				java.util.OptionalLong.empty(), "alice", "raise the pool"));
		Release read = store.current(ORDERS_DEV).orElseThrow();
		assertThat(read.author()).isEqualTo("alice");
		assertThat(read.comment()).isEqualTo("raise the pool");
		assertThat(read.publishedAt()).isEqualTo(published.publishedAt());
		// what the wire carries: the API, history and clients show one time on every store
		assertThat(read.publishedAt()).isEqualTo(read.publishedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
	}

	@Test
	void currentIsEmptyForAnUnknownTarget() {
		assertThat(store.current(ORDERS_DEV)).isEmpty();
		assertThat(store.history(ORDERS_DEV, 10)).isEmpty();
		assertThat(store.release(ORDERS_DEV, 1)).isEmpty();
	}

	@Test
	void currentIsTheNewestRelease() {
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2")));
		Release current = store.current(ORDERS_DEV).orElseThrow();
		assertThat(current.version()).isEqualTo(2);
		assertThat(current.properties()).containsEntry("a", "2");
	}

	@Test
	void historyIsNewestFirstAndLimited() {
		for (int i = 1; i <= 5; i++) {
			store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", String.valueOf(i))));
		}
		assertThat(store.history(ORDERS_DEV, 10)).extracting(Release::version).containsExactly(5L, 4L, 3L, 2L, 1L);
		assertThat(store.history(ORDERS_DEV, 2)).extracting(Release::version).containsExactly(5L, 4L);
	}

	@Test
	void aLongHistoryIsReadWholeNewestFirst() {
		for (int i = 1; i <= 40; i++) {
			store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", String.valueOf(i))));
		}
		store.publish(PublishRequest.of(new Target("orders", "dev2"), Map.of("a", "beside")));
		List<Long> newestFirst = LongStream.iterate(40, (version) -> version - 1).limit(40).boxed().toList();
		assertThat(store.history(ORDERS_DEV, 35)).extracting(Release::version)
			.containsExactlyElementsOf(newestFirst.subList(0, 35));
		assertThat(store.history(ORDERS_DEV, 32)).extracting(Release::version)
			.containsExactlyElementsOf(newestFirst.subList(0, 32));
		assertThat(store.history(ORDERS_DEV, 100)).extracting(Release::version).containsExactlyElementsOf(newestFirst);
		assertThat(store.history(ORDERS_DEV, 100)).last()
			.satisfies((first) -> assertThat(first.properties()).containsEntry("a", "1"));
	}

	/**
	 * A history is read as it is consumed, not held whole: releases that retention (both
	 * test stores keep 100) lets go before the reader reaches them are left out, where a
	 * history read at once would still hold them.
	 */
	@Test
	void aHistoryIsReadAsItIsConsumed() {
		for (int i = 1; i <= 100; i++) {
			store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", String.valueOf(i))));
		}
		List<Long> read = new ArrayList<>();
		try (Stream<Release> history = store.history(ORDERS_DEV, 100)) {
			Iterator<Release> newestFirst = history.iterator();
			read.add(newestFirst.next().version());
			for (int i = 101; i <= 160; i++) {
				store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", String.valueOf(i))));
			}
			newestFirst.forEachRemaining((release) -> read.add(release.version()));
		}
		assertThat(read).containsExactlyElementsOf(LongStream.rangeClosed(61, 100).map((v) -> 161 - v).boxed().toList());
	}

	@Test
	void oldReleasesStayReadableUnchanged() {
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1", "b", "x")));
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2")));
		Release first = store.release(ORDERS_DEV, 1).orElseThrow();
		assertThat(first.properties()).containsOnly(Map.entry("a", "1"), Map.entry("b", "x"));
		assertThat(first.isIntact()).isTrue();
	}

	@Test
	void publishWithExpectedCurrentVersionSucceeds() {
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		Release second = store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2")).expecting(1));
		assertThat(second.version()).isEqualTo(2);
	}

	@Test
	void publishWithExpectedZeroCreatesOnlyTheFirstRelease() {
		assertThat(store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")).expecting(0)).version())
			.isEqualTo(1);
		assertThatExceptionOfType(VersionConflictException.class)
			.isThrownBy(() -> store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2")).expecting(0)));
	}

	@Test
	void publishWithStaleExpectedVersionConflictsAndStoresNothing() {
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2")));
		assertThatExceptionOfType(VersionConflictException.class)
			.isThrownBy(() -> store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "stale")).expecting(1)))
			.satisfies((ex) -> {
				assertThat(ex.expectedVersion()).isEqualTo(1);
				assertThat(ex.currentVersion()).isEqualTo(2);
			});
		assertThat(store.current(ORDERS_DEV).orElseThrow().properties()).containsEntry("a", "2");
		assertThat(store.history(ORDERS_DEV, 10)).hasSize(2);
	}

	@Test
	void aPublishWithAnAuditStoresItsEntryWithTheReleaseAndSaysSoOnceTheReleaseIsCurrent() throws Exception {
		Release first = store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		List<Long> currentWhenStored = new ArrayList<>();
		RecordingReleaseAudit audit = new RecordingReleaseAudit(
				(entry) -> currentWhenStored.add(store.current(ORDERS_DEV).orElseThrow().version()));

		Release second = store.publish(new PublishRequest(ORDERS_DEV, ReleaseChange.properties(Map.of("a", "2")),
				OptionalLong.empty(), "ci", "second", audit));

		assertThat(audit.replaced()).containsExactly(first);
		assertThat(audit.stored()).singleElement().satisfies((entry) -> {
			assertThat(entry.version()).isEqualTo(second.version());
			assertThat(entry.at()).isEqualTo(second.publishedAt());
		});
		assertThat(currentWhenStored).containsExactly(2L);

		RecordingReleaseAudit refused = new RecordingReleaseAudit();
		assertThatExceptionOfType(VersionConflictException.class)
			.isThrownBy(() -> store.publish(new PublishRequest(ORDERS_DEV, ReleaseChange.properties(Map.of("a", "3")),
					OptionalLong.of(1), "ci", "stale", refused)));
		assertThat(refused.made()).isEmpty();
		assertThat(refused.stored()).isEmpty();

		store.close();
		store = reopenStore();
		assertThat(store.current(ORDERS_DEV)).contains(second);
		assertThat(store.history(ORDERS_DEV, 10)).containsExactly(second, first);
	}

	@Test
	void concurrentPublishesNeverShareAVersion() throws Exception {
		int threads = 8;
		int perThread = 10;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<List<Long>>> futures = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				futures.add(pool.submit(() -> {
					start.await();
					List<Long> versions = new ArrayList<>();
					for (int i = 0; i < perThread; i++) {
						versions.add(store
							.publish(PublishRequest.of(ORDERS_DEV, Map.of("writer", thread + "-" + i)))
							.version());
					}
					return versions;
				}));
			}
			start.countDown();
			Set<Long> versions = new HashSet<>();
			for (Future<List<Long>> future : futures) {
				versions.addAll(future.get(60, TimeUnit.SECONDS));
			}
			assertThat(versions).hasSize(threads * perThread);
			assertThat(store.current(ORDERS_DEV).orElseThrow().version()).isEqualTo(threads * perThread);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void releasesSurviveARestart() throws Exception {
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		Release second = store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2", "b", "3")));
		store.close();
		store = reopenStore();
		assertThat(store.current(ORDERS_DEV)).contains(second);
		assertThat(store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "3"))).version()).isEqualTo(3);
	}

	@Test
	void overlaysAndGrayAreReleasesThatKeepTheBaseAndSurviveARestart() throws Exception {
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("pool", "10", "legacy", "yes")));
		Overlay eu = new Overlay("eu", Selector.parse("selector", "region=eu"), Map.of("pool", "20"), 2, "ops",
				Instant.parse("2026-12-01T10:00:00Z"));
		Release withOverlay = store.publish(new PublishRequest(ORDERS_DEV,
				ReleaseChange.rollout((current, version) -> current.rollout().withOverlay(eu)), OptionalLong.empty(),
				"ops", "overlay eu"));
		assertThat(withOverlay.version()).isEqualTo(2);
		assertThat(withOverlay.properties()).isEqualTo(Map.of("pool", "10", "legacy", "yes"));
		Gray gray = new Gray("g1", 30, Selector.parse("selector", "tier=web"), new TreeSet<>(Set.of("i-9")),
				new GrayPatch(Map.of("pool", "15"), new TreeSet<>(Set.of("legacy"))), true, 3, "ops",
				Instant.parse("2026-12-01T10:05:00Z"));
		store.publish(new PublishRequest(ORDERS_DEV,
				ReleaseChange.rollout((current, version) -> current.rollout().withGray(gray)), OptionalLong.empty(),
				"ops", "gray"));
		// a base publish keeps what the rollout holds at that moment
		Release base = store.publish(PublishRequest.of(ORDERS_DEV, Map.of("pool", "11")));
		assertThat(base.rollout().overlays()).containsExactly(eu);
		assertThat(base.rollout().gray()).isEqualTo(gray);

		store.close();
		store = reopenStore();
		Release reread = store.current(ORDERS_DEV).orElseThrow();
		assertThat(reread).isEqualTo(base);
		assertThat(store.release(ORDERS_DEV, 2).orElseThrow().rollout().overlays()).containsExactly(eu);
		assertThat(store.release(ORDERS_DEV, 2).orElseThrow().rollout().gray()).isNull();
	}

	@Test
	void aRolloutChangeOfATargetWithoutAReleaseIsRefusedAndStoresNothing() {
		assertThatExceptionOfType(NoReleaseException.class).isThrownBy(() -> store.publish(new PublishRequest(
				ORDERS_DEV, ReleaseChange.rollout((current, version) -> Rollout.NONE), OptionalLong.empty(), "ops", "")));
		assertThat(store.current(ORDERS_DEV)).isEmpty();
		assertThat(store.targets()).isEmpty();
	}

	@Test
	void targetsAreThoseWithAReleaseSortedByAppThenEnvAlsoAfterARestart() throws Exception {
		assertThat(store.targets()).isEmpty();
		Target billingDev = new Target("billing", "dev");
		store.publish(PublishRequest.of(ORDERS_PROD, Map.of("a", "1")));
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2")));
		store.publish(PublishRequest.of(billingDev, Map.of("a", "1")));
		assertThat(store.targets()).containsExactly(billingDev, ORDERS_DEV, ORDERS_PROD);
		store.close();
		store = reopenStore();
		assertThat(store.targets()).containsExactly(billingDev, ORDERS_DEV, ORDERS_PROD);
	}

	@Test
	void aKeyLongerThanJsonReadersAllowByDefaultSurvivesARestart() throws Exception {
		// Jackson refuses JSON names over 50 000 characters unless told otherwise; the admin
		// API may be configured to accept such keys, so the store must read them back
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		Release longKey = store.publish(PublishRequest.of(ORDERS_DEV, Map.of("k".repeat(60_000), "v", "a", "2")));
		store.close();
		store = reopenStore();
		assertThat(store.current(ORDERS_DEV)).contains(longKey);
		assertThat(store.history(ORDERS_DEV, 10)).extracting(Release::version).containsExactly(2L, 1L);
	}

	@Test
	void watchReportsNewReleasesOfEveryTarget() throws Exception {
		ConcurrentLinkedQueue<Release> seen = new ConcurrentLinkedQueue<>();
		try (AutoCloseable registration = store.watch(seen::add)) {
			store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
			store.publish(PublishRequest.of(ORDERS_PROD, Map.of("a", "2")));
			store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "3")));
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(seen).extracting(r -> r.target() + "@" + r.version())
					.containsExactly("orders/dev@1", "orders/prod@1", "orders/dev@2"));
		}
	}

	@Test
	void closedWatchIsNotCalledAgain() throws Exception {
		ConcurrentLinkedQueue<Release> seen = new ConcurrentLinkedQueue<>();
		AutoCloseable registration = store.watch(seen::add);
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 1);
		registration.close();
		store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2")));
		// A second listener proves the publish was delivered; the closed one must have missed it.
		ConcurrentLinkedQueue<Release> witness = new ConcurrentLinkedQueue<>();
		try (AutoCloseable second = store.watch(witness::add)) {
			store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "3")));
			await().atMost(Duration.ofSeconds(10)).until(() -> !witness.isEmpty());
		}
		assertThat(seen).extracting(Release::version).containsExactly(1L);
	}

	@Test
	void keysAndValuesKeepEveryCharacter() {
		Map<String, String> properties = Map.of("spring.datasource.url", "jdbc:h2:mem:x;MODE=PostgreSQL",
				"multi.line", "one\ntwo", "unicode", "grüße ✓", "empty", "");
		store.publish(PublishRequest.of(ORDERS_DEV, properties));
		assertThat(store.current(ORDERS_DEV).orElseThrow().properties()).isEqualTo(properties);
	}

}
