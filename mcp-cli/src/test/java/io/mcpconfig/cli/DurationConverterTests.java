package io.mcpconfig.cli;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DurationConverterTests {

	private final DurationConverter converter = new DurationConverter();

	@Test
	void readsMillisecondsSecondsMinutesHoursAndBareSeconds() {
		assertThat(this.converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
		assertThat(this.converter.convert("10s")).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
		assertThat(this.converter.convert("1h")).isEqualTo(Duration.ofHours(1));
		assertThat(this.converter.convert("3")).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void refusesZeroAndWhatIsNoDuration() {
		assertThatExceptionOfType(TypeConversionException.class).isThrownBy(() -> this.converter.convert("0s"));
		assertThatExceptionOfType(TypeConversionException.class).isThrownBy(() -> this.converter.convert("soon"));
	}

}
