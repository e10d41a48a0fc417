package io.mcpconfig.server.sync;

import java.time.Duration;
import java.util.Map;

import io.grpc.Status;
import io.mcpconfig.server.instance.Instance;
import io.mcpconfig.server.instance.InstanceRegistry;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.Role;
import io.mcpconfig.server.security.Scope;
import io.mcpconfig.server.security.Tokens;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance id belongs to the live session that holds it: a connection from another
 * token cannot take it over (nor hide the instance), the same instance reconnecting with
 * its token takes its lingering session's place at once.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = "grpc.server.port=0")
@Import(GrpcServerPort.class)
@DirtiesContext
class InstanceIdClaimTests extends StartedCenterTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private static final Target ORDERS_DEV = new Target("orders", "dev");

	@Autowired
	Tokens tokens;

	@Autowired
	ReleaseStore store;

	@Autowired
	InstanceRegistry instances;

	private String first;

	private String second;

	@BeforeEach
	void releaseAndTokens() {
		if (this.store.current(ORDERS_DEV).isEmpty()) {
			this.store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "1")));
		}
		String suffix = Long.toString(System.nanoTime());
		this.first = this.tokens.create("first-" + suffix, Role.CLIENT, Scope.ALL, "test", null).secret();
		this.second = this.tokens.create("second-" + suffix, Role.CLIENT, Scope.ALL, "test", null).secret();
	}

	@Test
	void anotherTokensSessionCannotTakeOverALiveInstanceId() {
		SyncClient holder = client(this.first).subscribe("orders", "dev", "i-taken");
		await().atMost(DEADLINE).until(() -> holder.heldVersion() >= 1);

		SyncClient intruder = client(this.second).subscribe("orders", "dev", "i-taken");

		Status refused = intruder.awaitClosed(DEADLINE);
		assertThat(refused.getCode()).isEqualTo(Status.Code.ALREADY_EXISTS);
		assertThat(refused.getDescription()).contains("i-taken", "another host or token");
		long next = this.store.publish(PublishRequest.of(ORDERS_DEV, Map.of("a", "next"))).version();
		await().atMost(DEADLINE).until(() -> holder.heldVersion() == next);
		assertThat(holder.closedWith()).isNull();
		assertThat(this.instances.list(ORDERS_DEV)).filteredOn((instance) -> instance.instanceId().equals("i-taken"))
			.singleElement()
			.extracting(Instance::ackedVersion)
			.isEqualTo(next);
	}

	@Test
	void theSameInstanceReconnectingTakesItsOldSessionsPlaceAtOnce() {
		SyncClient lingering = client(this.first).subscribe("orders", "dev", "i-back");
		await().atMost(DEADLINE).until(() -> lingering.heldVersion() >= 1);

		SyncClient reconnected = client(this.first).subscribe("orders", "dev", "i-back");

		await().atMost(DEADLINE).until(() -> reconnected.heldVersion() >= 1);
		assertThat(lingering.awaitClosed(DEADLINE).getCode()).isEqualTo(Status.Code.ABORTED);
	}

	@Test
	void anIdIsFreeAgainOnceItsSessionEnded() {
		SyncClient gone = client(this.first).subscribe("orders", "dev", "i-free");
		await().atMost(DEADLINE).until(() -> gone.heldVersion() >= 1);
		gone.close();

		await().atMost(DEADLINE).untilAsserted(() -> {
			SyncClient next = client(this.second).subscribe("orders", "dev", "i-free");
			await().atMost(DEADLINE).until(() -> next.heldVersion() >= 1 || next.closedWith() != null);
			assertThat(next.closedWith()).isNull();
		});
	}

	private SyncClient client(String secret) {
		return track(SyncClient.autoAcking(channel(secret)));
	}

}
