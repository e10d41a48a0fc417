package io.mcpconfig.client.validation;

import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.event.ConfigChangeEvent;

/**
 * One of the client's own checks of a candidate configuration, run by
 * {@link ChangeValidation} before anything is swapped and before the application's
 * {@link ConfigChangeValidator}s: unlike those, it sees the whole candidate, to resolve
 * and convert values against it.
 */
@FunctionalInterface
public interface CandidateCheck {

	/**
	 * Checks a candidate configuration.
	 * @param proposed the change the candidate makes to the held configuration, with at
	 * least one changed key
	 * @param candidate the configuration to check
	 * @throws ConfigRejectedException naming the key, value and what refuses it
	 */
	void check(ConfigChangeEvent proposed, HeldConfig candidate);

}
