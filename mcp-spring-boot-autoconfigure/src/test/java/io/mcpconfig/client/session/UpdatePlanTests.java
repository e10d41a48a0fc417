package io.mcpconfig.client.session;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.NackCode;
import io.mcpconfig.protocol.v1.Target;

import static org.assertj.core.api.Assertions.assertThat;

class UpdatePlanTests {

	private static final ConfigTarget TARGET = new ConfigTarget("shop", "prod");

	private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

	private final HeldConfig held = held(3, Map.of("a", "1", "b", "2"));

	@Test
	void fullUpdateReplacesEverything() {
		Map<String, String> next = Map.of("c", "3");
		UpdatePlan plan = UpdatePlan.of(this.held, null, full(4, next, ConfigChecksum.of(next)), NOW);
		assertThat(plan).isInstanceOf(UpdatePlan.Apply.class);
		HeldConfig applied = ((UpdatePlan.Apply) plan).next();
		assertThat(applied.properties()).isEqualTo(next);
		assertThat(applied.version()).isEqualTo(4);
		assertThat(applied.checksum()).isEqualTo(ConfigChecksum.of(next));
		assertThat(applied.source()).isEqualTo(ConfigSource.REMOTE);
		assertThat(applied.receivedAt()).isEqualTo(NOW);
		assertThat(applied.publishedAt()).isEqualTo(Instant.ofEpochMilli(1234));
	}

	@Test
	void deltaRemovesThenUpsertsOnTheHeldProperties() {
		Map<String, String> expected = Map.of("b", "20", "c", "3");
		ConfigUpdate delta = delta(3, 4, Map.of("b", "20", "c", "3"), List.of("a"), ConfigChecksum.of(expected));
		UpdatePlan plan = UpdatePlan.of(this.held, null, delta, NOW);
		assertThat(plan).isInstanceOfSatisfying(UpdatePlan.Apply.class,
				(apply) -> assertThat(apply.next().properties()).isEqualTo(expected));
	}

	@Test
	void deltaFromAnotherBaseIsRejectedWithBaseMismatch() {
		UpdatePlan plan = UpdatePlan.of(this.held, null, delta(2, 4, Map.of("c", "3"), List.of(), "whatever"), NOW);
		assertThat(plan).isEqualTo(new UpdatePlan.Reject(NackCode.BASE_MISMATCH,
				"delta from version 2, but this instance holds version 3"));
	}

	@Test
	void deltaThatDoesNotMoveForwardIsRejectedWithBaseMismatch() {
		Map<String, String> expected = Map.of("a", "1", "b", "20");
		UpdatePlan plan = UpdatePlan.of(this.held, null,
				delta(3, 3, Map.of("b", "20"), List.of(), ConfigChecksum.of(expected)), NOW);
		assertThat(plan).isEqualTo(new UpdatePlan.Reject(NackCode.BASE_MISMATCH,
				"a delta to version 3 from version 3 does not move forward"));
	}

	@Test
	void updateOfAnotherTargetIsLeftAlone() {
		Map<String, String> next = Map.of("c", "3");
		ConfigUpdate update = full(4, next, ConfigChecksum.of(next)).toBuilder()
			.setTarget(Target.newBuilder().setApp("shop").setEnv("dev"))
			.build();
		assertThat(UpdatePlan.of(this.held, null, update, NOW)).isEqualTo(
				new UpdatePlan.Misdirected("an update of shop/dev version 4 came on the stream of shop/prod"));
		ConfigUpdate ours = update.toBuilder().setTarget(Target.newBuilder().setApp("shop").setEnv("prod")).build();
		assertThat(UpdatePlan.of(this.held, null, ours, NOW)).isInstanceOf(UpdatePlan.Apply.class);
	}

	@Test
	void wrongChecksumIsRejectedWithChecksumMismatch() {
		UpdatePlan plan = UpdatePlan.of(this.held, null, full(4, Map.of("c", "3"), "bad"), NOW);
		assertThat(plan).isInstanceOfSatisfying(UpdatePlan.Reject.class, (reject) -> {
			assertThat(reject.code()).isEqualTo(NackCode.CHECKSUM_MISMATCH);
			assertThat(reject.reason()).contains("the update says bad");
		});
	}

	@Test
	void olderVersionIsIgnored() {
		Map<String, String> old = Map.of("a", "0");
		UpdatePlan plan = UpdatePlan.of(this.held, null, full(2, old, ConfigChecksum.of(old)), NOW);
		assertThat(plan).isInstanceOf(UpdatePlan.Ignore.class);
	}

	@Test
	void olderFullUpdateMarkedAsReplacingANewerReleaseIsApplied() {
		// the center's store was restored from a backup that lacks the held version 3
		Map<String, String> restored = Map.of("a", "0");
		ConfigUpdate update = full(2, restored, ConfigChecksum.of(restored)).toBuilder().setReplacesNewer(true).build();
		UpdatePlan plan = UpdatePlan.of(this.held, null, update, NOW);
		assertThat(plan).isInstanceOfSatisfying(UpdatePlan.Apply.class, (apply) -> {
			assertThat(apply.next().version()).isEqualTo(2);
			assertThat(apply.next().properties()).isEqualTo(restored);
		});
	}

	@Test
	void olderDeltaIsIgnoredEvenIfMarkedAsReplacing() {
		ConfigUpdate update = delta(1, 2, Map.of("a", "0"), List.of(), "whatever").toBuilder()
			.setReplacesNewer(true)
			.build();
		assertThat(UpdatePlan.of(this.held, null, update, NOW)).isInstanceOf(UpdatePlan.Ignore.class);
	}

	@Test
	void resentHeldVersionIsAcknowledgedWithoutApplying() {
		UpdatePlan plan = UpdatePlan.of(this.held, null, full(3, this.held.properties(), this.held.checksum()), NOW);
		assertThat(plan).isInstanceOf(UpdatePlan.Acknowledge.class);
	}

	@Test
	void fullUpdateOfTheHeldVersionWithOtherContentRepairsDrift() {
		Map<String, String> repaired = Map.of("a", "1", "b", "two");
		UpdatePlan plan = UpdatePlan.of(this.held, null, full(3, repaired, ConfigChecksum.of(repaired)), NOW);
		assertThat(plan).isInstanceOfSatisfying(UpdatePlan.Apply.class,
				(apply) -> assertThat(apply.next().properties()).isEqualTo(repaired));
	}

	@Test
	void refusedReleaseIsRejectedAgainWithApplyFailedWithoutBeingBuilt() {
		Map<String, String> bad = Map.of("a", "not-a-number");
		RefusedRelease refused = new RefusedRelease(4, ConfigChecksum.of(bad), NackCode.APPLY_FAILED,
				"a: not a number");
		UpdatePlan plan = UpdatePlan.of(this.held, refused, full(4, bad, ConfigChecksum.of(bad)), NOW);
		assertThat(plan).isEqualTo(
				new UpdatePlan.Reject(NackCode.APPLY_FAILED, "version 4 was refused before: a: not a number"));
	}

	@Test
	void refusedVersionWithOtherContentIsPlannedAfresh() {
		Map<String, String> bad = Map.of("a", "not-a-number");
		Map<String, String> other = Map.of("a", "4");
		RefusedRelease refused = new RefusedRelease(4, ConfigChecksum.of(bad), NackCode.APPLY_FAILED,
				"a: not a number");
		UpdatePlan plan = UpdatePlan.of(this.held, refused, full(4, other, ConfigChecksum.of(other)), NOW);
		assertThat(plan).isInstanceOf(UpdatePlan.Apply.class);
	}

	@Test
	void fallbackHoldsNoReleaseSoAnyFullUpdateApplies() {
		HeldConfig fallback = held(0, Map.of("a", "local"), ConfigSource.FALLBACK);
		Map<String, String> first = Map.of("a", "1");
		UpdatePlan plan = UpdatePlan.of(fallback, null, full(1, first, ConfigChecksum.of(first)), NOW);
		assertThat(plan).isInstanceOfSatisfying(UpdatePlan.Apply.class, (apply) -> {
			assertThat(apply.next().properties()).isEqualTo(first);
			assertThat(apply.next().source()).isEqualTo(ConfigSource.REMOTE);
		});
	}

	@Test
	void deltaOnAFallbackIsRejectedWithBaseMismatch() {
		HeldConfig fallback = held(0, Map.of("a", "local"), ConfigSource.FALLBACK);
		Map<String, String> expected = Map.of("a", "local", "b", "2");
		UpdatePlan plan = UpdatePlan.of(fallback, null, delta(0, 1, Map.of("b", "2"), List.of(),
				ConfigChecksum.of(expected)), NOW);
		assertThat(plan).isInstanceOfSatisfying(UpdatePlan.Reject.class,
				(reject) -> assertThat(reject.code()).isEqualTo(NackCode.BASE_MISMATCH));
	}

	@Test
	void snapshotHoldsItsReleaseSoADeltaFromItApplies() {
		HeldConfig snapshot = held(3, Map.of("a", "1", "b", "2"), ConfigSource.SNAPSHOT);
		Map<String, String> expected = Map.of("a", "1", "b", "20");
		UpdatePlan plan = UpdatePlan.of(snapshot, null,
				delta(3, 4, Map.of("b", "20"), List.of(), ConfigChecksum.of(expected)), NOW);
		assertThat(plan).isInstanceOfSatisfying(UpdatePlan.Apply.class,
				(apply) -> assertThat(apply.next().properties()).isEqualTo(expected));
	}

	@Test
	void onlyConfigurationsFromTheCenterAreReportedAsReleases() {
		assertThat(HeldRelease.of(held(3, Map.of("a", "1"), ConfigSource.SNAPSHOT)))
			.isEqualTo(new HeldRelease(3, ConfigChecksum.of(Map.of("a", "1"))));
		assertThat(HeldRelease.of(held(3, Map.of("a", "1"), ConfigSource.REMOTE)))
			.isEqualTo(new HeldRelease(3, ConfigChecksum.of(Map.of("a", "1"))));
		assertThat(HeldRelease.of(held(0, Map.of("a", "1"), ConfigSource.FALLBACK)))
			.isEqualTo(new HeldRelease(0, ConfigChecksum.EMPTY));
		assertThat(HeldRelease.of(HeldConfig.empty(TARGET, NOW))).isEqualTo(new HeldRelease(0, ConfigChecksum.EMPTY));
	}

	private static HeldConfig held(long version, Map<String, String> properties) {
		return held(version, properties, ConfigSource.REMOTE);
	}

	private static HeldConfig held(long version, Map<String, String> properties, ConfigSource source) {
		return new HeldConfig(TARGET, version, ConfigChecksum.of(properties), properties, source, Instant.EPOCH,
				Instant.EPOCH);
	}

	private static ConfigUpdate full(long version, Map<String, String> properties, String checksum) {
		return ConfigUpdate.newBuilder()
			.setVersion(version)
			.setChecksum(checksum)
			.setNonce("n")
			.setFull(true)
			.putAllUpserts(properties)
			.setPublishedAtMillis(1234)
			.build();
	}

	private static ConfigUpdate delta(long base, long version, Map<String, String> upserts, List<String> removals,
			String checksum) {
		return ConfigUpdate.newBuilder()
			.setVersion(version)
			.setChecksum(checksum)
			.setNonce("n")
			.setBaseVersion(base)
			.putAllUpserts(upserts)
			.addAllRemovals(removals)
			.build();
	}

}
