package io.mcpconfig.server.sync;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.NackCode;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcServerInterceptor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The center's sync figures in the application's meter registry (what
 * {@code /actuator/metrics} and any exporter read), while real sync streams come and go.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "grpc.server.port=0", "mcp.server.sync.ack-timeout=300ms" })
@Import(GrpcServerPort.class)
@DirtiesContext
class SyncMetricsTests extends StartedCenterTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	@Autowired
	ReleaseStore store;

	@Autowired
	MeterRegistry meters;

	@Autowired
	ApplicationContext context;

	@BeforeEach
	void streamsOfEarlierTestsClosed() {
		// their channels are shut down after each test; their sessions end on the center soon after
		await().atMost(DEADLINE).until(() -> sessions() == 0);
	}

	@Test
	void openStreamsPushLagAndAnswersAreCounted() {
		Target target = new Target("metered", "dev");
		this.store.publish(PublishRequest.of(target, Map.of("a", "1")));
		double sessionsBefore = sessions();
		long pushesBefore = pushLag().count();
		double ackedBefore = updates("acked");
		double nackedBefore = updates("nacked");

		SyncClient client = track(SyncClient.manual(adminChannel())).subscribe("metered", "dev", "m-1");
		client.ack(client.awaitUpdate(1));
		await().atMost(DEADLINE).until(() -> updates("acked") == ackedBefore + 1);
		assertThat(sessions()).isEqualTo(sessionsBefore + 1);
		// what a subscribe is sent is not a push of a new release
		assertThat(pushLag().count()).isEqualTo(pushesBefore);

		this.store.publish(PublishRequest.of(target, Map.of("a", "2")));
		// by version: a slow ACK of version 1 may have had it sent again first
		ConfigUpdate pushed = awaitVersion(client, 2);
		// recorded once the update is handed to gRPC, which may be after the client has it
		await().atMost(DEADLINE).until(() -> pushLag().count() == pushesBefore + 1);
		assertThat(pushLag().totalTime(TimeUnit.MILLISECONDS)).isPositive();
		client.nack(pushed, NackCode.APPLY_FAILED, "refused by a validator");
		await().atMost(DEADLINE).until(() -> updates("nacked") == nackedBefore + 1);

		client.close();
		await().atMost(DEADLINE).until(() -> sessions() == sessionsBefore);
	}

	@Test
	void anUpdateSentAgainForWantOfAnAnswerIsCountedAndItsLagOnlyOnce() {
		Target target = new Target("silent", "dev");
		this.store.publish(PublishRequest.of(target, Map.of("a", "1")));
		double ackedBefore = updates("acked");
		SyncClient client = track(SyncClient.manual(adminChannel())).subscribe("silent", "dev", "s-1");
		client.ack(client.awaitUpdate(1));
		await().atMost(DEADLINE).until(() -> updates("acked") == ackedBefore + 1);
		double resentBefore = resent();
		long pushesBefore = pushLag().count();

		this.store.publish(PublishRequest.of(target, Map.of("a", "2")));
		// no answer: the same update comes again after the ack timeout
		await().atMost(DEADLINE)
			.until(() -> client.updates().stream().filter((update) -> update.getVersion() == 2).count() >= 2);

		assertThat(resent()).isGreaterThanOrEqualTo(resentBefore + 1);
		assertThat(pushLag().count()).isEqualTo(pushesBefore + 1);
	}

	@Test
	void noObservationIsMadeOfEachMessageOfAStream() {
		assertThat(this.context.getBeansOfType(ObservationGrpcServerInterceptor.class)).isEmpty();
		// net.devh's per-call metrics stay: they count messages, a counter each
		assertThat(this.context.getBeansOfType(MetricCollectingServerInterceptor.class)).hasSize(1);
	}

	private static ConfigUpdate awaitVersion(SyncClient client, long version) {
		return await().atMost(DEADLINE)
			.until(() -> client.updates().stream().filter((u) -> u.getVersion() == version).findFirst(),
					Optional::isPresent)
			.orElseThrow();
	}

	private double sessions() {
		return this.meters.get("mcp.sync.sessions").gauge().value();
	}

	private Timer pushLag() {
		return this.meters.get("mcp.sync.push.lag").timer();
	}

	private double updates(String outcome) {
		return this.meters.get("mcp.sync.updates").tag("outcome", outcome).counter().count();
	}

	private double resent() {
		return this.meters.get("mcp.sync.updates.resent").counter().count();
	}

}
