package io.mcpconfig.server.release;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

import org.springframework.core.env.Profiles;

/**
 * One document of a release that applies only to instances with some profiles active,
 * as a document with {@code spring.config.activate.on-profile} does in
 * {@code application.yml}.
 *
 * @param onProfile a profile expression as Spring reads it ({@code dev},
 * {@code dev | eu}, {@code !prod}, {@code (eu & prod)})
 * @param properties what the document sets, flat keys
 */
public record ProfileDocument(String onProfile, Map<String, String> properties) {

	public ProfileDocument {
		Objects.requireNonNull(onProfile, "onProfile");
		properties = Map.copyOf(properties);
		profiles(onProfile); // refuses a malformed expression
	}

	/** Whether the document applies to an instance with these profiles active. */
	public boolean appliesTo(Collection<String> activeProfiles) {
		return profiles(onProfile).matches(activeProfiles::contains);
	}

	/**
	 * @throws IllegalArgumentException when the expression is empty or malformed
	 */
	private static Profiles profiles(String expression) {
		if (expression.isBlank()) {
			throw new IllegalArgumentException("the profile expression is empty");
		}
		try {
			return Profiles.of(expression);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("'" + expression + "' is not a profile expression: " + ex.getMessage(), ex);
		}
	}

}
