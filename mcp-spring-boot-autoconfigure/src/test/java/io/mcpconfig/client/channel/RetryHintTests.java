package io.mcpconfig.client.channel;

import java.time.Duration;

import io.grpc.Metadata;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryHintTests {

	@Test
	void aBusyCentersHintIsTheDelayItAsksFor() {
		assertThat(RetryHint.of(trailers("2500"))).isEqualTo(Duration.ofMillis(2500));
	}

	@Test
	void noHintOrAnUnreadableOneAsksForNothing() {
		assertThat(RetryHint.of(null)).isZero();
		assertThat(RetryHint.of(new Metadata())).isZero();
		assertThat(RetryHint.of(trailers("soon"))).isZero();
		assertThat(RetryHint.of(trailers("-5"))).isZero();
	}

	@Test
	void aHintIsCappedSoAWrongOneCannotParkTheSession() {
		assertThat(RetryHint.of(trailers("86400000"))).isEqualTo(Duration.ofMinutes(1));
	}

	private static Metadata trailers(String millis) {
		Metadata trailers = new Metadata();
		trailers.put(RetryHint.PUSHBACK, millis);
		return trailers;
	}

}
