package io.mcpconfig.server.sync;

import java.time.Duration;
import java.util.Map;

import io.grpc.ManagedChannel;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseStore;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A publish fanned out to many open sessions costs the store nothing per session: each
 * session holds what it was last sent, which is the base of its delta, and every session
 * gets the same delta.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "grpc.server.port=0")
@Import(GrpcServerPort.class)
@DirtiesContext
class FanOutReadsTests extends StartedCenterTests {

	private static final int SESSIONS = 200;

	private static final Target FAN = new Target("fan", "dev");

	@Autowired
	ReleaseStore store;

	@Autowired
	SyncWorkers workers;

	@Test
	void aPublishToOpenSessionsReadsNothingPerSessionAndSendsEachTheSameDelta() {
		this.store.publish(PublishRequest.of(FAN, Map.of("a", "1", "b", "1")));
		ManagedChannel channel = adminChannel();
		for (int i = 0; i < SESSIONS; i++) {
			track(SyncClient.autoAcking(channel)).subscribe("fan", "dev", "fan-" + i);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> clients().stream().allMatch((c) -> c.heldVersion() == 1));
		long readsBefore = this.workers.readsSubmitted();

		long next = this.store.publish(PublishRequest.of(FAN, Map.of("a", "2", "b", "1"))).version();

		await().atMost(Duration.ofSeconds(30))
			.until(() -> clients().stream().allMatch((c) -> c.heldVersion() == next));
		assertThat(this.workers.readsSubmitted()).isEqualTo(readsBefore);
		for (SyncClient client : clients()) {
			ConfigUpdate last = client.updates().get(client.updates().size() - 1);
			assertThat(last.getFull()).isFalse();
			assertThat(last.getBaseVersion()).isEqualTo(1);
			assertThat(last.getUpsertsMap()).isEqualTo(Map.of("a", "2"));
		}
		assertThat(clients().stream().map((c) -> c.updates().get(c.updates().size() - 1).getNonce()).distinct())
			.hasSize(SESSIONS);
	}

	@Test
	void aReleasePublishedWhileTheLastIsUnansweredIsSentAsADeltaFromWhatTheInstanceThenAcknowledges() {
		Target late = new Target("late", "dev");
		this.store.publish(PublishRequest.of(late, Map.of("a", "1", "b", "1")));
		SyncClient client = track(SyncClient.manual(adminChannel())).subscribe("late", "dev", "late-1");
		ConfigUpdate first = client.awaitUpdate(1);
		long readsBefore = this.workers.readsSubmitted();

		long next = this.store.publish(PublishRequest.of(late, Map.of("a", "2", "b", "1"))).version();
		// the session has taken the new release before the ACK comes: it waits behind the first update
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			client.heartbeat(first.getVersion(), first.getChecksum());
			return client.heartbeatAcks()
				.stream()
				.anyMatch((answer) -> answer.getCurrentVersion() == next && answer.getUpdatePending());
		});
		client.ack(first);

		ConfigUpdate second = client.awaitUpdate(2);
		assertThat(second.getVersion()).isEqualTo(next);
		assertThat(second.getFull()).isFalse();
		assertThat(second.getBaseVersion()).isEqualTo(first.getVersion());
		assertThat(second.getUpsertsMap()).isEqualTo(Map.of("a", "2"));
		assertThat(this.workers.readsSubmitted()).isEqualTo(readsBefore);
	}

}
