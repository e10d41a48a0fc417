package io.mcpconfig.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamSilenceTests {

	@Test
	void aNewStreamWaitsLongerForItsFirstAnswerThanAnAnsweringOneForTheNext() {
		StreamSilence silence = new StreamSilence();
		silence.opened();
		assertThat(ticksUntilSilent(silence)).isEqualTo(StreamSilence.HEARTBEATS_BEFORE_FIRST_ANSWER);
		silence.opened();
		silence.heard();
		assertThat(ticksUntilSilent(silence)).isEqualTo(StreamSilence.HEARTBEATS);
	}

	@Test
	void anyMessageStartsTheCountAgain() {
		StreamSilence silence = new StreamSilence();
		silence.opened();
		silence.heard();
		silence.tick();
		silence.tick();
		silence.heard();
		assertThat(silence.unanswered()).isZero();
		assertThat(ticksUntilSilent(silence)).isEqualTo(StreamSilence.HEARTBEATS);
	}

	@Test
	void reopeningForgetsThatTheLastStreamWasAnswered() {
		StreamSilence silence = new StreamSilence();
		silence.heard();
		silence.opened();
		assertThat(ticksUntilSilent(silence)).isEqualTo(StreamSilence.HEARTBEATS_BEFORE_FIRST_ANSWER);
	}

	private static int ticksUntilSilent(StreamSilence silence) {
		int ticks = 0;
		while (!silence.tick()) {
			ticks++;
		}
		return ticks;
	}

}
