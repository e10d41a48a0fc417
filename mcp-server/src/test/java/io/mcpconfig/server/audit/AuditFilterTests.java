package io.mcpconfig.server.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import io.mcpconfig.server.release.Target;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditFilterTests {

	/** A publish lists a profile document's keys as {@code key [on-profile: expression]}. */
	@Test
	void aKeyIsFoundInTheProfileDocumentsAChangeListsToo() {
		AuditEntry entry = new AuditEntry(AuditEntry.newId(Instant.now()), Instant.now(), AuditAction.PUBLISH,
				new AuditEntry.Actor("ci", "publisher"), new AuditEntry.Origin("10.0.0.5", null), "orders", "dev", 2L,
				1L, "", KeyChanges.between(Map.of(), Map.of("pool.size [on-profile: eu]", "20")), null);
		assertThat(byKey("pool.size").admitsEntry(entry)).isTrue();
		assertThat(byKey("pool").admitsEntry(entry)).isFalse();
		assertThat(byKey("pool.size [on-profile: eu]").admitsEntry(entry)).isTrue();
		assertThat(entry.target()).isEqualTo(new Target("orders", "dev"));
	}

	private static AuditFilter byKey(String key) {
		return new AuditFilter(null, null, Set.of(), null, key, null, null, null);
	}

}
