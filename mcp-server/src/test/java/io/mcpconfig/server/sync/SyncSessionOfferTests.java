package io.mcpconfig.server.sync;

import java.time.Instant;
import java.util.Map;

import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.sync.SyncSession.Offer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How releases offered to a session before it takes them coalesce. */
class SyncSessionOfferTests {

	private static final Target ORDERS = new Target("orders", "prod");

	@Test
	void theNewerReleaseIsTaken() {
		Offer third = offer(3, "lost", false);
		Offer fifth = offer(5, "lost", false);
		assertThat(third.followedBy(fifth)).isEqualTo(fifth);
		assertThat(fifth.followedBy(third)).isEqualTo(fifth);
	}

	@Test
	void aRestoredReleaseReplacesANewerOneFromTheLostHistory() {
		Offer restored = offer(2, "restored", true);
		assertThat(offer(5, "lost", false).followedBy(restored)).isEqualTo(restored);
	}

	@Test
	void aNewerReleaseAfterARestoredOneStaysRestored() {
		// version 3 again: the session may have resolved the lost version 3 before the restore
		Offer published = offer(3, "after-restore", false);
		Offer taken = offer(2, "restored", true).followedBy(published);
		assertThat(taken.release()).isEqualTo(published.release());
		assertThat(taken.restored()).isTrue();
	}

	private static Offer offer(long version, String value, boolean restored) {
		Map<String, String> properties = Map.of("a", value);
		Release release = new Release(ORDERS, version, ConfigChecksum.of(properties), properties, null, null,
				Instant.EPOCH, null, null, null);
		return new Offer(release, version, restored);
	}

}
