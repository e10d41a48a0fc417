package io.mcpconfig.server.shared;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.mcpconfig.server.release.ConfigDocuments;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.SharedLayer;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.DelegatingReleaseStore;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseChange;
import io.mcpconfig.server.store.ReleaseSizeLimit;
import io.mcpconfig.server.store.StoreUnavailableException;
import io.mcpconfig.server.store.file.FileReleaseStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The propagation of the shared layer over a real file store, as one or two centers run it. */
@ExtendWith(OutputCaptureExtension.class)
class SharedLayerPropagationTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private static final Duration QUICK_RETRY = Duration.ofMillis(50);

	private static final Target SHARED_DEV = new Target(Target.SHARED_APP, "dev");

	private static final Target ORDERS_DEV = new Target("orders", "dev");

	private static final Target BILLING_DEV = new Target("billing", "dev");

	private static final Target ORDERS_PROD = new Target("orders", "prod");

	@TempDir
	Path dir;

	private FileReleaseStore store;

	private SharedLayerPropagation propagation;

	private SharedLayerPropagation secondReplica;

	@BeforeEach
	void openStore() {
		this.store = new FileReleaseStore(this.dir, 50, new ReleaseSizeLimit(DataSize.ofKilobytes(1)));
		this.propagation = new SharedLayerPropagation(this.store);
		this.secondReplica = new SharedLayerPropagation(this.store);
	}

	@AfterEach
	void close() {
		for (SharedLayerPropagation running : new SharedLayerPropagation[] { this.propagation, this.secondReplica }) {
			if (running.isRunning()) {
				running.stop();
			}
		}
		this.store.close();
	}

	@Test
	void onStartItFinishesWhatAStoppedCenterLeftAndLeavesOtherEnvsAlone() {
		this.store.publish(PublishRequest.of(ORDERS_DEV, Map.of("pool", "10")));
		this.store.publish(PublishRequest.of(ORDERS_PROD, Map.of("pool", "50")));
		this.store.publish(PublishRequest.of(SHARED_DEV, Map.of("region", "eu")));

		this.propagation.start();
		await().atMost(DEADLINE).until(() -> sharedVersionOf(ORDERS_DEV) == 1);
		Release orders = this.store.current(ORDERS_DEV).orElseThrow();
		assertThat(orders.version()).isEqualTo(2);
		assertThat(orders.properties()).isEqualTo(Map.of("pool", "10"));
		assertThat(orders.shared().properties()).isEqualTo(Map.of("region", "eu"));
		assertThat(orders.author()).isEqualTo(SharedLayerPropagation.AUTHOR);
		assertThat(this.store.current(ORDERS_PROD).orElseThrow().version()).isEqualTo(1);
		assertThat(this.store.current(SHARED_DEV).orElseThrow().shared()).isNull();
	}

	@Test
	void twoReplicasTakeEachSharedReleaseIntoEveryApplicationOnce() {
		this.store.publish(PublishRequest.of(ORDERS_DEV, Map.of("pool", "10")));
		this.store.publish(PublishRequest.of(BILLING_DEV, Map.of("name", "billing")));
		this.propagation.start();
		this.secondReplica.start();

		for (int version = 1; version <= 5; version++) {
			this.store.publish(PublishRequest.of(SHARED_DEV, Map.of("step", String.valueOf(version))));
		}
		await().atMost(DEADLINE).until(() -> sharedVersionOf(ORDERS_DEV) == 5 && sharedVersionOf(BILLING_DEV) == 5);
		// each release of the application takes a newer shared layer in: none is published twice
		List<Release> newestFirst = this.store.history(ORDERS_DEV, 50).toList();
		for (int i = 0; i + 1 < newestFirst.size(); i++) {
			assertThat(sharedVersionOf(newestFirst.get(i))).isGreaterThan(sharedVersionOf(newestFirst.get(i + 1)));
		}
		assertThat(this.store.current(ORDERS_DEV).orElseThrow().shared().properties()).isEqualTo(Map.of("step", "5"));
	}

	@Test
	void aSharedReleaseSayingWhatTheApplicationsHoldAddsNoReleaseToThem() {
		this.store.publish(PublishRequest.of(ORDERS_DEV, Map.of("pool", "10")));
		this.propagation.start();
		this.store.publish(PublishRequest.of(SHARED_DEV, Map.of("region", "eu")));
		await().atMost(DEADLINE).until(() -> sharedVersionOf(ORDERS_DEV) == 1);
		this.store.publish(PublishRequest.of(SHARED_DEV, Map.of("region", "eu")));
		// billing's first release lags behind v2: the propagation it starts runs after v2's
		this.store.publish(PublishRequest.of(BILLING_DEV, Map.of("name", "billing")));
		await().atMost(DEADLINE).until(() -> sharedVersionOf(BILLING_DEV) == 2);
		assertThat(sharedVersionOf(ORDERS_DEV)).isEqualTo(1);

		// a layer that says something else is taken in, even one an application had before
		this.store.publish(PublishRequest.of(SHARED_DEV, Map.of("region", "us")));
		await().atMost(DEADLINE).until(() -> sharedVersionOf(ORDERS_DEV) == 3);
		this.store.publish(PublishRequest.of(SHARED_DEV, Map.of("region", "eu")));
		await().atMost(DEADLINE).until(() -> sharedVersionOf(ORDERS_DEV) == 4);
		assertThat(this.store.history(ORDERS_DEV, 50)).extracting(SharedLayerPropagationTests::sharedVersionOf)
			.containsExactly(4L, 3L, 1L, 0L);
	}

	@Test
	void anApplicationReleaseBuiltWithAnOlderSharedLayerIsBroughtUp() {
		this.store.publish(PublishRequest.of(SHARED_DEV, Map.of("step", "1")));
		SharedLayer first = SharedLayer.of(this.store.current(SHARED_DEV).orElseThrow());
		this.store.publish(PublishRequest.of(SHARED_DEV, Map.of("step", "2")));
		this.propagation.start();

		// a first publish that read the shared layer just before its next release
		this.store.publish(new PublishRequest(ORDERS_DEV,
				ReleaseChange.documents(ConfigDocuments.plain(Map.of("pool", "10")), first), OptionalLong.empty(),
				"ops", ""));
		await().atMost(DEADLINE).until(() -> sharedVersionOf(ORDERS_DEV) == 2);
	}

	@Test
	void takingInALayerATargetHoldsAlreadyPublishesNothing() {
		this.store.publish(PublishRequest.of(SHARED_DEV, Map.of("step", "1")));
		SharedLayer layer = SharedLayer.of(this.store.current(SHARED_DEV).orElseThrow());
		this.store.publish(new PublishRequest(ORDERS_DEV, ReleaseChange.documents(ConfigDocuments.plain(Map.of()), layer),
				OptionalLong.empty(), "ops", ""));

		Release same = this.store.publish(new PublishRequest(ORDERS_DEV, ReleaseChange.shared(layer),
				OptionalLong.empty(), SharedLayerPropagation.AUTHOR, ""));
		assertThat(same.version()).isEqualTo(1);
		assertThat(this.store.history(ORDERS_DEV, 10)).hasSize(1);
	}

	@Test
	void anApplicationTheLayerWouldMakeTooLargeKeepsItsOwnAndIsNotTriedAgain(CapturedOutput output) {
		this.store.publish(PublishRequest.of(BILLING_DEV, Map.of("name", "b".repeat(900))));
		this.store.publish(PublishRequest.of(ORDERS_DEV, Map.of("pool", "10")));
		CountingStore counting = new CountingStore(null);
		SharedLayerPropagation propagation = new SharedLayerPropagation(counting, QUICK_RETRY);
		propagation.start();
		try {
			// as a shared publish that raced billing's own: the admin API checks the env before
			this.store.publish(PublishRequest.of(SHARED_DEV, Map.of("region", "e".repeat(200))));
			await().atMost(DEADLINE).until(() -> sharedVersionOf(ORDERS_DEV) == 1);
			await().atMost(DEADLINE).until(() -> output.getOut().contains("Could not take the shared layer v1 into"
					+ " billing/dev; its instances keep the shared layer they have: the release of billing/dev would"
					+ " hold 1110 bytes of keys and values, more than the 1024 allowed"
					+ " (mcp.server.limits.max-release-size): its own configuration 904, the shared layer 206"));
			// trying again cannot help: ten retry intervals pass without another attempt
			await().during(QUICK_RETRY.multipliedBy(10))
				.atMost(DEADLINE)
				.until(() -> counting.attempts(BILLING_DEV) == 1);
			assertThat(this.store.current(BILLING_DEV).orElseThrow().version()).isEqualTo(1);

			// billing's next release has room: it takes the layer in then
			this.store.publish(PublishRequest.of(BILLING_DEV, Map.of("name", "billing")));
			await().atMost(DEADLINE).until(() -> sharedVersionOf(BILLING_DEV) == 1);
		}
		finally {
			propagation.stop();
		}
	}

	@Test
	void anApplicationTheStoreFailsIsTriedAgainAndDoesNotHoldBackTheOthers() {
		this.store.publish(PublishRequest.of(BILLING_DEV, Map.of("name", "billing")));
		this.store.publish(PublishRequest.of(ORDERS_DEV, Map.of("pool", "10")));
		CountingStore failingBilling = new CountingStore(BILLING_DEV);
		SharedLayerPropagation propagation = new SharedLayerPropagation(failingBilling, QUICK_RETRY);
		propagation.start();
		try {
			this.store.publish(PublishRequest.of(SHARED_DEV, Map.of("region", "eu")));
			await().atMost(DEADLINE).until(() -> sharedVersionOf(ORDERS_DEV) == 1);
			await().atMost(DEADLINE).until(() -> failingBilling.attempts(BILLING_DEV) >= 3);
			assertThat(sharedVersionOf(BILLING_DEV)).isZero();
		}
		finally {
			propagation.stop();
		}
	}

	private long sharedVersionOf(Target target) {
		return sharedVersionOf(this.store.current(target).orElseThrow());
	}

	private static long sharedVersionOf(Release release) {
		return (release.shared() != null) ? release.shared().version() : 0;
	}

	/**
	 * The file store, counting publishes per target, and failing every one to {@code failing}
	 * (when given) as a disk or an etcd that is away does.
	 */
	private final class CountingStore extends DelegatingReleaseStore {

		private final Target failing;

		private final Map<Target, AtomicInteger> attempts = new ConcurrentHashMap<>();

		CountingStore(Target failing) {
			super(store);
			this.failing = failing;
		}

		int attempts(Target target) {
			AtomicInteger count = this.attempts.get(target);
			return (count != null) ? count.get() : 0;
		}

		@Override
		public Release publish(PublishRequest request) {
			this.attempts.computeIfAbsent(request.target(), (target) -> new AtomicInteger()).incrementAndGet();
			if (request.target().equals(this.failing)) {
				throw new StoreUnavailableException("the store cannot write " + this.failing + " now", null);
			}
			return super.publish(request);
		}

	}

}
