package io.mcpconfig.protocol;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ReconnectBackoffTests {

	@RepeatedTest(20)
	void delaysDoubleUpToTheMaximumWithJitterInTheUpperHalf() {
		ReconnectBackoff schedule = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1000));
		long[] ceilings = { 100, 200, 400, 800, 1000, 1000 };
		for (long ceiling : ceilings) {
			assertThat(schedule.next().toMillis()).isBetween(ceiling / 2, ceiling);
		}
	}

	@Test
	void delaysOfOneStepAreSpreadAcrossTheUpperHalf() {
		// 200 instances of a restarted center must not all come back at once
		Set<Long> firstDelays = new HashSet<>();
		for (int i = 0; i < 200; i++) {
			firstDelays.add(new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1000)).next().toMillis());
		}
		assertThat(firstDelays).hasSizeGreaterThan(10).allSatisfy((delay) -> assertThat(delay).isBetween(50L, 100L));
	}

	@RepeatedTest(20)
	void resetStartsAgainFromTheInitialDelay() {
		ReconnectBackoff schedule = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(1000));
		schedule.next();
		schedule.next();
		schedule.next();
		schedule.reset();
		assertThat(schedule.next().toMillis()).isBetween(50L, 100L);
	}

	@Test
	void rejectsANonPositiveInitialDelayOrAMaximumBelowIt() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectBackoff(Duration.ZERO, Duration.ofSeconds(1)))
			.withMessageContaining("mcp.client.reconnect.initial-backoff must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
			.withMessageContaining("mcp.client.reconnect.max-backoff");
	}

}
