package io.mcpconfig.server.store.etcd;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseSizeLimits;
import io.mcpconfig.server.store.StoreUnavailableException;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Fault: the only etcd member is stopped. The store must fail fast and say so, write
 * nothing, and work again, watch included, once etcd is back.
 */
class EtcdReleaseStoreOutageTests {

	private static final Target ORDERS_DEV = new Target("orders", "dev");

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	@RegisterExtension
	static EtcdCluster etcd = EtcdCluster.singleMember();

	private EtcdReleaseStore store;

	private EtcdStoreHealthIndicator health;

	@BeforeEach
	void openStore() {
		this.store = new EtcdReleaseStore(
				EtcdReleaseStoreTests.settings(etcd.clientEndpoints(), "/mcp-test-" + UUID.randomUUID() + "/", TIMEOUT),
				100, ReleaseSizeLimits.DEFAULT);
		this.health = new EtcdStoreHealthIndicator(this.store, etcd.clientEndpoints());
		// the member a previous test restarted may still be electing itself leader
		await().atMost(Duration.ofSeconds(30)).until(this.store::isAvailable);
	}

	@AfterEach
	void closeStore() {
		this.store.close();
	}

	@Test
	void whileEtcdIsDownPublishFailsWithinTheTimeoutAndHealthIsDownThenAllWorksAgain() throws Exception {
		ConcurrentLinkedQueue<Release> seen = new ConcurrentLinkedQueue<>();
		AutoCloseable registration = this.store.watch(seen::add);
		this.store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		this.store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "2")));
		assertThat(this.health.health().getStatus()).isEqualTo(Status.UP);

		etcd.stop(0);

		long started = System.nanoTime();
		assertThatExceptionOfType(StoreUnavailableException.class)
			.isThrownBy(() -> this.store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "lost"))));
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(TIMEOUT.plusMillis(900));
		assertThatExceptionOfType(StoreUnavailableException.class).isThrownBy(() -> this.store.current(ORDERS_DEV));
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.store.isAvailable());
		Health down = this.health.health();
		assertThat(down.getStatus()).isEqualTo(Status.DOWN);
		assertThat(down.getDetails()).containsEntry("endpoints", etcd.clientEndpoints())
			.containsEntry("prefix", this.store.prefix())
			.hasEntrySatisfying("reason", (reason) -> assertThat(reason.toString()).startsWith("etcd "));

		etcd.start(0);

		await().atMost(Duration.ofSeconds(30)).until(this.store::isAvailable);
		assertThat(this.health.health().getStatus()).isEqualTo(Status.UP);
		Release third = this.store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "3")));
		assertThat(third.version()).isEqualTo(3);
		List<Release> history = this.store.history(ORDERS_DEV, 10).toList();
		assertThat(history).extracting(Release::version).containsExactly(3L, 2L, 1L);
		assertThat(history).allSatisfy((release) -> {
			assertThat(release.isIntact()).isTrue();
			assertThat(release.properties()).doesNotContainValue("lost");
		});
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(seen).extracting(Release::version).containsExactly(1L, 2L, 3L));
		registration.close();
	}

	@Test
	void aReplicaMayMissReleasesWhileEtcdIsAwayAndUntilItsWatchRunsAgain() throws Exception {
		// no watch yet: etcd answers, but a release published elsewhere would not be seen
		assertThat(this.store.mayMissReleases()).isTrue();
		AutoCloseable registration = this.store.watch((release) -> {
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.store.mayMissReleases());

		etcd.stop(0);
		await().atMost(Duration.ofSeconds(10)).until(this.store::mayMissReleases);

		etcd.start(0);
		// true until both the check has found etcd back and the watch is created again
		await().atMost(Duration.ofSeconds(30)).until(() -> !this.store.mayMissReleases());
		registration.close();
	}

	@Test
	void whileEtcdIsDownNoCallerWaitsOnAnAvailabilityCheckOnceOneWasAnswered() {
		this.store.close();
		// a call timeout (a third of the timeout) far longer than a caller may wait below
		Duration timeout = Duration.ofSeconds(9);
		this.store = new EtcdReleaseStore(
				EtcdReleaseStoreTests.settings(etcd.clientEndpoints(), "/mcp-test-" + UUID.randomUUID() + "/", timeout),
				100, ReleaseSizeLimits.DEFAULT);
		assertThat(this.store.isAvailable()).isTrue();

		etcd.stop(0);

		// each caller has the last answer while the next check waits on etcd in the background
		AtomicLong longestNanos = new AtomicLong();
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			long started = System.nanoTime();
			boolean available = this.store.isAvailable();
			longestNanos.accumulateAndGet(System.nanoTime() - started, Math::max);
			return !available;
		});
		assertThat(Duration.ofNanos(longestNanos.get())).isLessThan(timeout.dividedBy(6));
		assertThat(this.store.availability().detail()).startsWith("etcd failed a health check: ");

		etcd.start(0);

		await().atMost(Duration.ofSeconds(30)).until(this.store::isAvailable);
	}

	@Test
	void aCallerAfterAQuietSpellWaitsForTheCheckRatherThanTakeAnAnswerFromBeforeIt() {
		assertThat(this.store.isAvailable()).isTrue();

		etcd.stop(0);
		// nobody asks for longer than an answer serves (a second) plus a check's deadline
		Duration quiet = Duration.ofSeconds(1).plus(TIMEOUT.dividedBy(3)).plusMillis(500);
		await().pollDelay(quiet).atMost(quiet.plusSeconds(5)).until(() -> true);

		assertThat(this.store.isAvailable()).isFalse();
		etcd.start(0);
	}

	@Test
	void aStoreCreatedWhileEtcdIsDownWorksOnceEtcdIsUp() {
		this.store.close();
		etcd.stop(0);
		this.store = new EtcdReleaseStore(
				EtcdReleaseStoreTests.settings(etcd.clientEndpoints(), "/mcp-test-" + UUID.randomUUID() + "/", TIMEOUT),
				100, ReleaseSizeLimits.DEFAULT);
		assertThat(this.store.isAvailable()).isFalse();

		etcd.start(0);

		await().atMost(Duration.ofSeconds(30)).until(this.store::isAvailable);
		assertThat(this.store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1"))).version()).isEqualTo(1);
	}

}
