package io.mcpconfig.server.store;

import java.time.Instant;
import java.util.Map;

import io.mcpconfig.server.release.ConfigDocuments;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.ReleaseContent;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.rollout.Rollout;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class ReleaseSizeLimitTests {

	private static final Target ORDERS = new Target("orders", "prod");

	private final ReleaseSizeLimit limit = new ReleaseSizeLimit(DataSize.ofBytes(10));

	@Test
	void aReleaseAtTheLimitPassesAndOneByteMoreIsRefused() {
		assertThatNoException().isThrownBy(() -> this.limit.check(ORDERS, content("a", "123456789"), null));
		assertThatExceptionOfType(ReleaseTooLargeException.class)
			.isThrownBy(() -> this.limit.check(ORDERS, content("a", "1234567890"), null))
			.withMessage("the release of orders/prod would hold 11 bytes of keys and values, more than the 10 allowed"
					+ " (mcp.server.limits.max-release-size): its own configuration 11");
	}

	@Test
	void aReleaseOverALoweredLimitMayShrinkOrKeepItsSizeButNotGrow() {
		Release stored = Release.of(ORDERS, 1, content("a", "12345678901234"), "ops", "", Instant.EPOCH); // 15
		assertThatNoException().isThrownBy(() -> this.limit.check(ORDERS, content("a", "1234567890123"), stored));
		assertThatNoException().isThrownBy(() -> this.limit.check(ORDERS, content("b", "12345678901234"), stored));
		assertThatExceptionOfType(ReleaseTooLargeException.class)
			.isThrownBy(() -> this.limit.check(ORDERS, content("a", "123456789012345"), stored));
	}

	@Test
	void aLimitBelowOneByteIsRefused() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new ReleaseSizeLimit(DataSize.ofBytes(0)))
			.withMessage("mcp.server.limits.max-release-size must be 1 byte or more, was 0B");
	}

	private static ReleaseContent content(String key, String value) {
		return new ReleaseContent(ConfigDocuments.plain(Map.of(key, value)), null, Rollout.NONE);
	}

}
