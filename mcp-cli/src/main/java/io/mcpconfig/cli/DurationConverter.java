package io.mcpconfig.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}; a bare number is seconds. */
public final class DurationConverter implements ITypeConverter<Duration> {

	private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)?");

	@Override
	public Duration convert(String value) {
		Matcher matcher = DURATION.matcher(value.trim());
		if (!matcher.matches()) {
			throw new TypeConversionException("'" + value + "' is no duration like 500ms, 10s, 2m or 1h");
		}
		long amount = Long.parseLong(matcher.group(1));
		String unit = (matcher.group(2) != null) ? matcher.group(2) : "s";
		Duration duration = switch (unit) {
			case "ms" -> Duration.ofMillis(amount);
			case "m" -> Duration.ofMinutes(amount);
			case "h" -> Duration.ofHours(amount);
			default -> Duration.ofSeconds(amount);
		};
		if (duration.isZero()) {
			throw new TypeConversionException("'" + value + "' must be longer than zero");
		}
		return duration;
	}

}
