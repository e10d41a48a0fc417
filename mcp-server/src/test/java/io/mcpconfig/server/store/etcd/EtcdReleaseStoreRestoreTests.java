package io.mcpconfig.server.store.etcd;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.server.McpServerApplication;
import io.mcpconfig.server.TestTokens;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseListener;
import io.mcpconfig.server.store.ReleaseSizeLimits;
import io.mcpconfig.server.sync.GrpcServerPort;
import io.mcpconfig.server.sync.SyncClient;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import io.mcpconfig.testsupport.etcd.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault: etcd is restored from a snapshot while a replica runs. etcd's revision goes back
 * behind the one the replica's watch handled, which etcd 3.4 takes as a watch into its
 * future and keeps silent, and the versions published after the snapshot are given
 * again. Simulated by switching the replica's link from the etcd whose history is lost
 * to one that holds the snapshot's older state. The replica must report the restored
 * current release, then the releases published after the restore, and its clients must
 * end on them.
 */
class EtcdReleaseStoreRestoreTests {

	private static final Target ORDERS = new Target("orders", "dev");

	private static final Target PAYMENTS = new Target("payments", "dev");

	private static final Duration RECOVERY = Duration.ofSeconds(30);

	/** The etcd the replica runs on until the restore: its history moves past the snapshot's. */
	@RegisterExtension
	static EtcdCluster lost = EtcdCluster.singleMember();

	/** The etcd restored from the snapshot. */
	@RegisterExtension
	static EtcdCluster restored = EtcdCluster.singleMember();

	private final String prefix = "/mcp-test-" + UUID.randomUUID() + "/";

	private TcpProxy linkOfReplica;

	private EtcdReleaseStore publisherBefore;

	private EtcdReleaseStore publisherAfter;

	@BeforeEach
	void snapshotThenMoreReleases() throws Exception {
		this.linkOfReplica = TcpProxy.to(lost.clientPort(0));
		this.publisherBefore = store(lost.clientEndpoint(0));
		this.publisherAfter = store(restored.clientEndpoint(0));
		// the snapshot holds orders@1; orders@2 and @3 follow it and are lost in the restore
		this.publisherAfter.publish(PublishRequest.of(ORDERS, Map.of("a", "1")));
		for (int i = 1; i <= 3; i++) {
			this.publisherBefore.publish(PublishRequest.of(ORDERS, Map.of("a", Integer.toString(i))));
		}
		// more writes after the snapshot, as hours of them take etcd's revision well past it
		for (int i = 1; i <= 30; i++) {
			this.publisherBefore.publish(PublishRequest.of(PAYMENTS, Map.of("i", Integer.toString(i))));
		}
		// whatever earlier tests did to the restored etcd's revision
		advance(lost, revision(restored) + 10);
	}

	@AfterEach
	void closeStores() throws Exception {
		this.publisherBefore.close();
		this.publisherAfter.close();
		this.linkOfReplica.close();
	}

	@Test
	void watchBehindARestoredEtcdReportsItsCurrentReleaseAsRestoredThenWatchesOn() throws Exception {
		ReleaseRecorder recorder = new ReleaseRecorder();
		List<Release> released = recorder.released;
		List<Release> restoredReleases = recorder.restored;
		try (EtcdReleaseStore replica = store(this.linkOfReplica.endpoint());
				AutoCloseable registration = replica.watch(recorder)) {
			Release beforeRestore = lastReleaseBeforeRestore(recorder);

			this.linkOfReplica.switchTo(restored.clientPort(0));
			Release snapshot = this.publisherAfter.current(ORDERS).orElseThrow();
			await().atMost(RECOVERY).untilAsserted(() -> assertThat(restoredReleases).containsExactly(snapshot));

			// version 2 again, with other content than the lost orders@2
			Release afterRestore = ordersVersionTwoAgain();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(released).contains(afterRestore));

			// payments came after the snapshot: no release of it to report at the restore, so its
			// next one, version 1 again, is the one told as restored
			Release paymentsAgain = this.publisherAfter.publish(PublishRequest.of(PAYMENTS, Map.of("i", "again")));
			assertThat(paymentsAgain.version()).isEqualTo(1);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(restoredReleases).containsExactly(snapshot, paymentsAgain));
			assertThat(released).containsExactly(beforeRestore, afterRestore);
		}
	}

	@Test
	void aRestoreWithItsRevisionBumpedAndMarkedCompactedIsReportedAsRestored() throws Exception {
		ReleaseRecorder recorder = new ReleaseRecorder();
		try (EtcdReleaseStore replica = store(this.linkOfReplica.endpoint());
				AutoCloseable registration = replica.watch(recorder)) {
			Release beforeRestore = lastReleaseBeforeRestore(recorder);

			// etcdutl snapshot restore --bump-revision ... --mark-compacted, as etcd's docs advise
			advance(restored, revision(lost) + 50);
			restored.compact();
			this.linkOfReplica.switchTo(restored.clientPort(0));
			Release snapshot = this.publisherAfter.current(ORDERS).orElseThrow();
			await().atMost(RECOVERY).untilAsserted(() -> assertThat(recorder.restored).containsExactly(snapshot));

			Release afterRestore = ordersVersionTwoAgain();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(recorder.released).containsExactly(beforeRestore, afterRestore));
		}
	}

	@Test
	void aBumpedRestoreWhoseTargetWasPublishedBackUpToTheVersionReportedIsFoundByItsRevision() throws Exception {
		ReleaseRecorder recorder = new ReleaseRecorder();
		try (EtcdReleaseStore replica = store(this.linkOfReplica.endpoint());
				AutoCloseable registration = replica.watch(recorder)) {
			lastReleaseBeforeRestore(recorder);

			// publishes reach the restored etcd before this replica does: orders@4 again, other content
			Release caughtUp = null;
			for (int version = 2; version <= 4; version++) {
				caughtUp = this.publisherAfter.publish(PublishRequest.of(ORDERS, Map.of("a", "again-" + version)));
			}
			assertThat(caughtUp.version()).isEqualTo(4);
			for (int i = 1; i <= 30; i++) {
				this.publisherAfter.publish(PublishRequest.of(PAYMENTS, Map.of("i", "again-" + i)));
			}
			advance(restored, revision(lost) + 50);
			restored.compact();
			this.linkOfReplica.switchTo(restored.clientPort(0));

			List<Release> restoredCurrent = List.of(caughtUp, this.publisherAfter.current(PAYMENTS).orElseThrow());
			await().atMost(RECOVERY)
				.untilAsserted(() -> assertThat(recorder.restored).containsExactlyInAnyOrderElementsOf(restoredCurrent));
		}
	}

	@Test
	void aRestoreWithItsRevisionBumpedButNotCompactedIsFoundByTheFirstVersionGivenAgain() throws Exception {
		ReleaseRecorder recorder = new ReleaseRecorder();
		try (EtcdReleaseStore replica = store(this.linkOfReplica.endpoint());
				AutoCloseable registration = replica.watch(recorder)) {
			Release beforeRestore = lastReleaseBeforeRestore(recorder);

			// etcdutl snapshot restore --bump-revision ... alone: the watch resumes on it unbroken
			advance(restored, revision(lost) + 50);
			this.linkOfReplica.switchTo(restored.clientPort(0));

			// version 2 again: reported once before, so etcd went back
			Release afterRestore = ordersVersionTwoAgain();
			await().atMost(RECOVERY).untilAsserted(() -> assertThat(recorder.restored).containsExactly(afterRestore));
			assertThat(recorder.released).containsExactly(beforeRestore);
		}
	}

	@Test
	void clientOfAReplicaIsMovedBackToTheRestoredReleaseAndGetsTheNextOne() throws Exception {
		try (ConfigurableApplicationContext server = startServer(this.linkOfReplica.endpoint())) {
			ManagedChannel channel = NettyChannelBuilder
				.forAddress("127.0.0.1", server.getBean(GrpcServerPort.class).get())
				.usePlaintext()
				.intercept(TestTokens.sendingAdmin())
				.build();
			try (SyncClient client = SyncClient.autoAcking(channel).subscribe("orders", "dev", "i-1");
					SyncClient payments = SyncClient.autoAcking(channel).subscribe("payments", "dev", "p-1")) {
				await().atMost(Duration.ofSeconds(10)).until(() -> client.heldVersion() == 3);
				await().atMost(Duration.ofSeconds(10)).until(() -> payments.heldVersion() == 30);

				this.linkOfReplica.switchTo(restored.clientPort(0));
				await().atMost(RECOVERY)
					.until(() -> client.heldVersion() == 1 && client.held().equals(Map.of("a", "1")));
				assertThat(client.updates()).last()
					.satisfies((update) -> assertThat(update.getFull()).isTrue())
					.satisfies((update) -> assertThat(update.getReplacesNewer()).isTrue());

				// version 2 again, which the client held before with other content
				this.publisherAfter.publish(PublishRequest.of(ORDERS, Map.of("a", "after-restore")));
				await().atMost(Duration.ofSeconds(10))
					.until(() -> client.heldVersion() == 2 && client.held().equals(Map.of("a", "after-restore")));
				assertThat(client.updates()).extracting(ConfigUpdate::getVersion).containsExactly(3L, 1L, 2L);

				// a target the snapshot does not hold: its first release after the restore reaches
				// the client that held version 30 of the lost history
				this.publisherAfter.publish(PublishRequest.of(PAYMENTS, Map.of("i", "again")));
				await().atMost(Duration.ofSeconds(10))
					.until(() -> payments.heldVersion() == 1 && payments.held().equals(Map.of("i", "again")));
			}
			finally {
				channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
			}
		}
	}

	/** Publishes orders@4, the last release before the restore, once the replica's watch reported it. */
	private Release lastReleaseBeforeRestore(ReleaseRecorder recorder) {
		Release release = this.publisherBefore.publish(PublishRequest.of(ORDERS, Map.of("a", "4")));
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(recorder.released).contains(release));
		return release;
	}

	/** Publishes orders after the restore: version 2 again, with other content than the lost one. */
	private Release ordersVersionTwoAgain() {
		Release release = this.publisherAfter.publish(PublishRequest.of(ORDERS, Map.of("a", "after-restore")));
		assertThat(release.version()).isEqualTo(2);
		return release;
	}

	/** Writes a key outside the stores' prefix until the etcd's revision is past {@code revision}. */
	private static void advance(EtcdCluster etcd, long revision) throws Exception {
		try (Client client = etcd.newClient()) {
			ByteSequence key = ByteSequence.from("/revision-filler", StandardCharsets.UTF_8);
			long now = 0;
			while (now <= revision) {
				now = client.getKVClient().put(key, key).get(5, TimeUnit.SECONDS).getHeader().getRevision();
			}
		}
	}

	private static long revision(EtcdCluster etcd) throws Exception {
		try (Client client = etcd.newClient()) {
			return client.getKVClient()
				.get(ByteSequence.from("/revision-filler", StandardCharsets.UTF_8))
				.get(5, TimeUnit.SECONDS)
				.getHeader()
				.getRevision();
		}
	}

	/** What a release watch told, release by release. */
	private static final class ReleaseRecorder implements ReleaseListener {

		final List<Release> released = new CopyOnWriteArrayList<>();

		final List<Release> restored = new CopyOnWriteArrayList<>();

		@Override
		public void onRelease(Release release) {
			this.released.add(release);
		}

		@Override
		public void onRestored(Release current) {
			this.restored.add(current);
		}

	}

	private EtcdReleaseStore store(String endpoint) {
		return new EtcdReleaseStore(EtcdReleaseStoreTests.settings(List.of(endpoint), this.prefix, Duration.ofSeconds(5)),
				100, ReleaseSizeLimits.DEFAULT);
	}

	private ConfigurableApplicationContext startServer(String endpoint) {
		return new SpringApplicationBuilder(McpServerApplication.class, GrpcServerPort.class).run("--server.port=0",
				"--grpc.server.port=0", "--mcp.server.store=etcd", "--mcp.server.etcd.endpoints=" + endpoint,
				"--mcp.server.etcd.prefix=" + this.prefix, "--spring.main.banner-mode=off");
	}

}
