package io.mcpconfig.client.event;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.protocol.ConfigChecksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ConfigChangeEventTests {

	private static final ConfigTarget TARGET = new ConfigTarget("shop", "prod");

	@Test
	void betweenTwoConfigurationsListsEveryAddedModifiedAndDeletedKey() {
		HeldConfig before = held(1, Map.of("kept", "same", "changed", "old", "gone", "x"), ConfigSource.EMPTY);
		HeldConfig after = held(2, Map.of("kept", "same", "changed", "new", "added", "y"), ConfigSource.REMOTE);
		ConfigChangeEvent event = ConfigChangeEvent.between(this, before, after);
		assertThat(event.getTarget()).isEqualTo(TARGET);
		assertThat(event.getOldVersion()).isEqualTo(1);
		assertThat(event.getNewVersion()).isEqualTo(2);
		assertThat(event.getConfigSource()).isEqualTo(ConfigSource.REMOTE);
		assertThat(event.getSource()).isSameAs(this);
		assertThat(event.changedKeys()).containsExactly("added", "changed", "gone");
		assertThat(event.getChanges()).containsEntry("added", new PropertyChange("added", null, "y", ChangeType.ADDED))
			.containsEntry("changed", new PropertyChange("changed", "old", "new", ChangeType.MODIFIED))
			.containsEntry("gone", new PropertyChange("gone", "x", null, ChangeType.DELETED));
		assertThat(event.isChanged("changed")).isTrue();
		assertThat(event.isChanged("kept")).isFalse();
	}

	@Test
	void isImmutable() {
		ConfigChangeEvent event = ConfigChangeEvent.between(this, held(1, Map.of(), ConfigSource.EMPTY),
				held(2, Map.of("a", "1"), ConfigSource.REMOTE));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> event.getChanges().clear());
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> event.changedKeys().remove("a"));
	}

	@Test
	void aChangeIsUnderEachOfItsAncestorPrefixesOnly() {
		ConfigChangeEvent event = ConfigChangeEvent.between(this, held(1, Map.of(), ConfigSource.EMPTY),
				held(2, Map.of("sample.max-connections", "5", "logging.level.root", "debug"), ConfigSource.REMOTE));
		assertThat(event.isChangedUnder("sample")).isTrue();
		assertThat(event.isChangedUnder("sample.max-connections")).isTrue();
		assertThat(event.isChangedUnder("logging.level")).isTrue();
		assertThat(event.isChangedUnder("")).isTrue();
		assertThat(event.isChangedUnder("sam")).isFalse();
		assertThat(event.isChangedUnder("sample.timeout")).isFalse();
		assertThat(event.isChangedUnder("other")).isFalse();
	}

	private static HeldConfig held(long version, Map<String, String> properties, ConfigSource source) {
		return new HeldConfig(TARGET, version, ConfigChecksum.of(properties), properties, source, Instant.EPOCH,
				Instant.EPOCH);
	}

}
