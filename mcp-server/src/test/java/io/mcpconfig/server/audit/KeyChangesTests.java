package io.mcpconfig.server.audit;

import java.util.HashMap;
import java.util.Map;

import io.mcpconfig.server.audit.KeyChanges.KeyChange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyChangesTests {

	@Test
	void addedModifiedAndRemovedKeysAreListedInKeyOrderAndUnchangedOnesAreNot() {
		KeyChanges changes = KeyChanges.between(Map.of("b", "1", "a", "1", "same", "x", "gone", "g"),
				Map.of("b", "2", "a", "0", "same", "x", "new", "n"));
		assertThat(changes.added()).containsExactly(new KeyChange("new", null, "n"));
		assertThat(changes.modified()).containsExactly(new KeyChange("a", "1", "0"), new KeyChange("b", "1", "2"));
		assertThat(changes.removed()).containsExactly(new KeyChange("gone", "g", null));
		assertThat(changes.omitted()).isZero();
	}

	@Test
	void secretLookingKeysAndPasswordsInsideUrlsAreMaskedByTheClientsRule() {
		KeyChanges changes = KeyChanges.between(Map.of("db.password", "old", "api.token", "t1"),
				Map.of("db.password", "new", "db.url", "postgresql://app:pw@db/shop"));
		assertThat(changes.added()).containsExactly(new KeyChange("db.url", null, "postgresql://app:******@db/shop"));
		assertThat(changes.modified()).containsExactly(new KeyChange("db.password", "******", "******"));
		assertThat(changes.removed()).containsExactly(new KeyChange("api.token", "******", null));
	}

	@Test
	void aLongValueIsShownUpToItsLimitWithItsLength() {
		String value = "v".repeat(KeyChanges.MAX_VALUE_LENGTH + 500);
		KeyChange change = KeyChanges.between(Map.of(), Map.of("cert", value)).added().get(0);
		assertThat(change.newValue()).startsWith("v".repeat(KeyChanges.MAX_VALUE_LENGTH))
			.endsWith("… (" + value.length() + " characters)")
			.hasSize(KeyChanges.MAX_VALUE_LENGTH + (" (" + value.length() + " characters)").length() + 1);
	}

	@Test
	void changesBeyondTheListedLengthAreCountedNotListed() {
		Map<String, String> after = new HashMap<>();
		int keys = 200;
		for (int i = 0; i < keys; i++) {
			after.put("key.%03d".formatted(i), "x".repeat(KeyChanges.MAX_VALUE_LENGTH));
		}
		KeyChanges changes = KeyChanges.between(Map.of(), after);
		int perChange = "key.000".length() + KeyChanges.MAX_VALUE_LENGTH;
		int listed = KeyChanges.MAX_LISTED_LENGTH / perChange;
		assertThat(changes.added()).hasSize(listed);
		assertThat(changes.added().get(listed - 1).key()).isEqualTo("key.%03d".formatted(listed - 1));
		assertThat(changes.omitted()).isEqualTo(keys - listed);
	}

}
