package io.mcpconfig.server.sync;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.rollout.Rollout.Applicable;
import io.mcpconfig.server.sync.PushPlan.Base;
import io.mcpconfig.server.sync.PushPlan.Held;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's push decision, per instance. */
class PushPlanTests {

	private static final Target TARGET = new Target("orders", "prod");

	private static final EffectiveConfig V3 = config(3, Map.of("a", "1"));

	private static final EffectiveConfig V5 = config(5, Map.of("a", "2"));

	@Test
	void nothingWithoutARelease() {
		assertThat(PushPlan.of(new Held(0, ""), EffectiveConfig.none(TARGET), false, 0, null))
			.isInstanceOf(PushPlan.Nothing.class);
	}

	@Test
	void nothingForAnInstanceThatHoldsItOrRefusedIt() {
		assertThat(PushPlan.of(held(V5), V5, false, 0, null)).isInstanceOf(PushPlan.Nothing.class);
		assertThat(PushPlan.of(held(V3), V5, false, 5, null)).isInstanceOf(PushPlan.Nothing.class);
	}

	@Test
	void theSameConfigurationUnderAnOlderVersionIsAdoptedWithoutAPush() {
		// an overlay of another label, or a promoted gray this instance ran, made version 5
		EffectiveConfig sameAsThree = config(5, V3.properties());
		PushPlan plan = PushPlan.of(held(V3), sameAsThree, false, 0, null);
		assertThat(plan).isInstanceOf(PushPlan.Adopt.class);
		EffectiveConfig adopted = ((PushPlan.Adopt) plan).config();
		assertThat(adopted.version()).isEqualTo(3);
		assertThat(adopted.checksum()).isEqualTo(V3.checksum());
		// once adopted, the instance is current
		assertThat(PushPlan.of(held(V3), adopted, false, 0, null)).isInstanceOf(PushPlan.Nothing.class);
	}

	@Test
	void aClientWhoseStateIsDistrustedIsNeverAdoptedButSentEverything() {
		assertThat(PushPlan.of(held(V3), config(5, V3.properties()), true, 0, null)).isEqualTo(new PushPlan.Full(false));
		assertThat(PushPlan.of(held(V5), V5, true, 0, null)).isEqualTo(new PushPlan.Full(false));
	}

	@Test
	void anInstanceAheadOfTheCenterGetsEverythingMarkedAsReplacingNewer() {
		assertThat(PushPlan.of(new Held(9, "other"), V5, false, 0, null)).isEqualTo(new PushPlan.Full(true));
	}

	@Test
	void anInstanceHoldingNothingOrDriftedAtTheSameVersionGetsEverything() {
		assertThat(PushPlan.of(new Held(0, ConfigChecksum.EMPTY), V5, false, 0, null)).isEqualTo(new PushPlan.Full(false));
		assertThat(PushPlan.of(new Held(5, "drifted"), V5, false, 0, null)).isEqualTo(new PushPlan.Full(false));
	}

	@Test
	void aDeltaNeedsTheHeldConfigurationReadAndMatchingWhatTheInstanceReports() {
		assertThat(PushPlan.of(held(V3), V5, false, 0, null)).isEqualTo(new PushPlan.ReadBase(3));
		assertThat(PushPlan.of(held(V3), V5, false, 0, new Base(2, Optional.empty())))
			.isEqualTo(new PushPlan.ReadBase(3));
		assertThat(PushPlan.of(held(V3), V5, false, 0, new Base(3, Optional.of(V3))))
			.isEqualTo(new PushPlan.Delta(V3));
		// gone from the store, or this instance's view of it differs from what it holds
		assertThat(PushPlan.of(held(V3), V5, false, 0, new Base(3, Optional.empty())))
			.isEqualTo(new PushPlan.Full(false));
		assertThat(PushPlan.of(new Held(3, "other"), V5, false, 0, new Base(3, Optional.of(V3))))
			.isEqualTo(new PushPlan.Full(false));
	}

	private static Held held(EffectiveConfig config) {
		return new Held(config.version(), config.checksum());
	}

	private static EffectiveConfig config(long version, Map<String, String> properties) {
		return new EffectiveConfig(TARGET, version, ConfigChecksum.of(properties), properties, Instant.EPOCH,
				new Applicable(List.of(), false));
	}

}
