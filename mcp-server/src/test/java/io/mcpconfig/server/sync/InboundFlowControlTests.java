package io.mcpconfig.server.sync;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that sends faster than its session handles (a heartbeat loop gone wrong, a
 * hostile client) is held back by gRPC flow control: the center keeps at most
 * {@link SyncSession#INBOUND_WINDOW} of its messages waiting, whatever it sends, and its
 * session lives on once the center catches up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "grpc.server.port=0", "mcp.server.sync.threads=1" })
@Import(GrpcServerPort.class)
@DirtiesContext
class InboundFlowControlTests extends StartedCenterTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	private static final int FLOOD = 20_000;

	@Autowired
	ReleaseStore store;

	@Autowired
	SyncWorkers workers;

	@Autowired
	MeterRegistry meters;

	private final CountDownLatch busy = new CountDownLatch(1);

	@AfterEach
	void freeTheSessionThread() {
		this.busy.countDown();
	}

	@Test
	void aFloodingClientWaitsInFlowControlAndItsSessionLivesOn() {
		Target target = new Target("flood", "dev");
		this.store.publish(PublishRequest.of(target, Map.of("a", "1")));
		SyncClient flooding = track(SyncClient.autoAcking(adminChannel())).subscribe("flood", "dev", "flood-1");
		await().atMost(DEADLINE).until(() -> flooding.heldVersion() == 1);

		// the only session thread is taken: whatever the client sends can only wait
		this.workers.newSerialExecutor().execute(this::holdTheSessionThread);
		for (int i = 0; i < FLOOD; i++) {
			flooding.heartbeat(1, flooding.heldChecksum());
		}

		// what the session asked for comes in: more than half a window, as it asks for halves
		await().atMost(DEADLINE).until(() -> waiting() > SyncSession.INBOUND_WINDOW / 2);
		// and no more: without flow control every heartbeat sent would pile up here within milliseconds
		await().during(Duration.ofSeconds(1))
			.atMost(DEADLINE)
			.until(() -> waiting() <= SyncSession.INBOUND_WINDOW);

		this.busy.countDown();
		// caught up: nothing waits any more, not merely between two of the session's requests
		await().during(Duration.ofMillis(500)).atMost(DEADLINE).until(() -> waiting() == 0);
		assertThat(flooding.closedWith()).isNull();
		this.store.publish(PublishRequest.of(target, Map.of("a", "2")));
		await().atMost(DEADLINE).until(() -> flooding.heldVersion() == 2);
		assertThat(flooding.closedWith()).isNull();
	}

	private double waiting() {
		return this.meters.get("mcp.sync.messages.waiting").gauge().value();
	}

	private void holdTheSessionThread() {
		try {
			this.busy.await(DEADLINE.toSeconds() * 3, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
