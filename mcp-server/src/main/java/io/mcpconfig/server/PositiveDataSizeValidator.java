package io.mcpconfig.server;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.constraints.Positive;

import org.springframework.util.unit.DataSize;

/**
 * {@code @Positive} for a {@link DataSize}, which Jakarta Validation checks only on numbers:
 * one byte or more. Hibernate Validator finds it through
 * {@code META-INF/services/jakarta.validation.ConstraintValidator}; {@code null} is valid,
 * as for every {@code @Positive}.
 */
public final class PositiveDataSizeValidator implements ConstraintValidator<Positive, DataSize> {

	@Override
	public boolean isValid(DataSize value, ConstraintValidatorContext context) {
		return value == null || value.toBytes() > 0;
	}

}
