package io.mcpconfig.server;

import java.time.Duration;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.Positive;

/**
 * {@code @Positive} for a {@link Duration}, which Jakarta Validation checks only on numbers:
 * longer than zero. Hibernate Validator finds it through
 * {@code META-INF/services/jakarta.validation.ConstraintValidator}; {@code null} is valid,
 * as for every {@code @Positive}.
 */
public final class PositiveDurationValidator implements ConstraintValidator<Positive, Duration> {

	@Override
	public boolean isValid(Duration value, ConstraintValidatorContext context) {
		return value == null || value.compareTo(Duration.ZERO) > 0;
	}

}
