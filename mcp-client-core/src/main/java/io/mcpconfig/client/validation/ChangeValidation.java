package io.mcpconfig.client.validation;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.event.ConfigChangeEvent;

/**
 * Decides, before anything is swapped, whether the application accepts a new
 * configuration: every {@code @ConfigurationProperties} bean under a changed key must
 * bind it, the client's other {@link CandidateCheck}s must pass, then every
 * {@link ConfigChangeValidator} must let it through.
 */
public class ChangeValidation {

	private final List<CandidateCheck> checks;

	private final ObjectProvider<ConfigChangeValidator> validators;

	/**
	 * Checks with a binding of its own.
	 * @param context the application context, whose beans and property sources to use
	 * @param validators the application's validators
	 */
	public ChangeValidation(ConfigurableApplicationContext context, ObjectProvider<ConfigChangeValidator> validators) {
		this(new CandidateBinding(context, new PropertiesBeans(context)), validators);
	}

	/**
	 * Checks with a binding shared with the refresh that follows an accepted change.
	 * @param binding the binding
	 * @param validators the application's validators
	 */
	public ChangeValidation(CandidateBinding binding, ObjectProvider<ConfigChangeValidator> validators) {
		this(List.of(binding), validators);
	}

	/**
	 * Checks with the given checks, in order, then the validators.
	 * @param checks the client's checks, the binding first
	 * @param validators the application's validators
	 */
	public ChangeValidation(List<? extends CandidateCheck> checks, ObjectProvider<ConfigChangeValidator> validators) {
		this.checks = List.copyOf(checks);
		this.validators = validators;
	}

	/**
	 * Checks a candidate configuration. A change without changed keys is accepted as is.
	 * @param proposed the change the candidate makes to the held configuration
	 * @param candidate the configuration to check
	 * @throws ConfigRejectedException if a bean cannot bind it, a check refuses it or a
	 * validator vetoes it; the message names the key or bean and the reason
	 */
	public void check(ConfigChangeEvent proposed, HeldConfig candidate) {
		if (proposed.getChanges().isEmpty()) {
			return;
		}
		this.checks.forEach((check) -> check.check(proposed, candidate));
		this.validators.orderedStream().forEach((validator) -> validate(validator, proposed));
	}

	private static void validate(ConfigChangeValidator validator, ConfigChangeEvent proposed) {
		try {
			validator.validate(proposed);
		}
		catch (RuntimeException | Error ex) {
			Class<?> type = validator.getClass();
			String who = type.isSynthetic() ? "a ConfigChangeValidator" : ClassUtils.getShortName(type);
			// An unexpected exception is named by its type; a deliberate refusal speaks for itself.
			String why = (ex instanceof ConfigRejectedException) ? ex.getMessage() : ex.toString();
			throw new ConfigRejectedException("vetoed by " + who + ": " + why, ex);
		}
	}

}
