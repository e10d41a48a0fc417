package io.mcpconfig.server.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.mcpconfig.server.instance.Instance;
import io.mcpconfig.server.instance.Running;
import io.mcpconfig.server.release.Target;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InstanceFingerprintsTests {

	private static final Target ORDERS = new Target("orders", "dev");

	private static final Instant CONNECTED = Instant.parse("2026-01-01T10:00:00Z");

	private final InstanceFingerprints fingerprints = new InstanceFingerprints();

	private final Instance instance = new Instance("i-1", "host", "orders", "dev", Map.of("region", "eu"), List.of(), "0.1.0",
			"replica-a", Instance.Status.ACKED, 3, 0, "", CONNECTED, CONNECTED, "10.0.0.1", "orders-dev",
			Running.holding("c3"));

	@Test
	void aTargetSeenForTheFirstTimeIsNoChange() {
		assertThat(this.fingerprints.changed(Map.of(ORDERS, List.of(this.instance)))).isEmpty();
	}

	@Test
	void aHeartbeatIsNoChange() {
		this.fingerprints.changed(Map.of(ORDERS, List.of(this.instance)));
		Instance heard = this.instance.heardFrom(CONNECTED.plusSeconds(5));
		assertThat(this.fingerprints.changed(Map.of(ORDERS, List.of(heard)))).isEmpty();
	}

	@Test
	void anAckANackAndAnInstanceThatLeavesAreChanges() {
		this.fingerprints.changed(Map.of(ORDERS, List.of(this.instance)));
		Instance acked = this.instance.acked(4, Running.holding("c4"), CONNECTED.plusSeconds(1));
		assertThat(this.fingerprints.changed(Map.of(ORDERS, List.of(acked)))).containsExactly(ORDERS);
		Instance nacked = acked.nacked(5, "APPLY_FAILED: not a number", CONNECTED.plusSeconds(2));
		assertThat(this.fingerprints.changed(Map.of(ORDERS, List.of(nacked)))).containsExactly(ORDERS);
		assertThat(this.fingerprints.changed(Map.of(ORDERS, List.of()))).containsExactly(ORDERS);
	}

	@Test
	void aTargetNoLongerLookedAtIsForgotten() {
		this.fingerprints.changed(Map.of(ORDERS, List.of(this.instance)));
		this.fingerprints.changed(Map.of());
		assertThat(this.fingerprints.changed(Map.of(ORDERS, List.of()))).isEmpty();
	}

}
