package io.mcpconfig.client.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.protocol.v1.NackCode;

import static org.assertj.core.api.Assertions.assertThat;

class SyncStatusTests {

	private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	private static final ConfigTarget TARGET = new ConfigTarget("shop", "prod");

	@Test
	void fetchedConfigurationCountsAsTheFirstSync() {
		SyncStatus status = SyncStatus.initial(held(ConfigSource.REMOTE, T0), T0.plusSeconds(1));

		assertThat(status.lastSync()).isEqualTo(T0);
		assertThat(status.syncAge(T0.plusSeconds(10))).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void neverSyncedAgesFromWhenObservingBegan() {
		SyncStatus status = SyncStatus.initial(held(ConfigSource.SNAPSHOT, T0), T0.plusSeconds(1));

		assertThat(status.lastSync()).isNull();
		assertThat(status.syncAge(T0.plusSeconds(4))).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void remoteConfigurationIsDegradedOnlyWhileDisconnected() {
		HeldConfig held = held(ConfigSource.REMOTE, T0);
		SyncStatus disconnected = SyncStatus.initial(held, T0);
		SyncStatus connected = disconnected.withConnection("10.0.0.1:9090", T0.plusSeconds(1));

		assertThat(disconnected.isDegraded(held)).isTrue();
		assertThat(connected.isDegraded(held)).isFalse();
		assertThat(connected.withoutConnection(new SyncStatus.Disconnect("gone", Instant.now())).isDegraded(held)).isTrue();
	}

	@Test
	void localStandInIsDegradedUntilTheCenterConfirmsIt() {
		for (ConfigSource source : new ConfigSource[] { ConfigSource.SNAPSHOT, ConfigSource.FALLBACK,
				ConfigSource.EMPTY }) {
			HeldConfig held = held(source, T0);
			SyncStatus connected = SyncStatus.initial(held, T0).withConnection("10.0.0.1:9090", T0.plusSeconds(1));

			assertThat(connected.isDegraded(held)).as(source.name()).isTrue();
			assertThat(connected.withSync(T0.plusSeconds(2)).isDegraded(held)).as(source.name()).isFalse();
		}
	}

	@Test
	void localFileIsNeverDegraded() {
		HeldConfig held = held(ConfigSource.LOCAL_FILE, T0);

		assertThat(SyncStatus.initial(held, T0).isDegraded(held)).isFalse();
	}

	@Test
	void connectionWithoutAKnownAddressIsStillAConnection() {
		SyncStatus status = SyncStatus.initial(held(ConfigSource.REMOTE, T0), T0).withConnection(null, T0);

		assertThat(status.isConnected()).isTrue();
		assertThat(status.server()).isEqualTo(SyncStatus.UNKNOWN_SERVER);
	}

	@Test
	void rejectionsAreCountedByCodeAndTheLastIsKept() {
		SyncStatus status = SyncStatus.initial(held(ConfigSource.REMOTE, T0), T0)
			.withRejection(new SyncStatus.Rejection(2, NackCode.CHECKSUM_MISMATCH.name(), "first", T0))
			.withRejection(new SyncStatus.Rejection(3, NackCode.BASE_MISMATCH.name(), "second", T0))
			.withRejection(new SyncStatus.Rejection(4, NackCode.CHECKSUM_MISMATCH.name(), "third", T0));

		assertThat(status.rejectedCount(NackCode.CHECKSUM_MISMATCH)).isEqualTo(2);
		assertThat(status.rejectedCount(NackCode.BASE_MISMATCH)).isEqualTo(1);
		assertThat(status.rejectedCount(NackCode.APPLY_FAILED)).isZero();
		assertThat(status.lastRejection().reason()).isEqualTo("third");
		assertThat(status.updatesRejected()).containsExactly(Map.entry("BASE_MISMATCH", 1L),
				Map.entry("CHECKSUM_MISMATCH", 2L));
	}

	private static HeldConfig held(ConfigSource source, Instant receivedAt) {
		Map<String, String> properties = Map.of("a", "1");
		return new HeldConfig(TARGET, 1, ConfigChecksum.of(properties), properties, source, Instant.EPOCH, receivedAt);
	}

}
