package io.mcpconfig.client.value;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySourcesPropertyResolver;

import io.mcpconfig.client.validation.CandidateSources;

/**
 * Resolves {@code @Value} placeholders as the application's {@code Environment} does
 * (Spring's syntax, defaults, nesting and escapes; Boot's relaxed names for a key that is
 * a valid property name, the exact name for any other), against a given set of property
 * sources, and tells which keys each resolution read, found or not. That is exactly what
 * a later change of its result depends on: {@code ${a:${b}}} reads {@code b} only while
 * {@code a} is unset, {@code ${a.${b}}} reads {@code b} and {@code a.}<i>b's value</i>, and
 * a key whose value holds a placeholder reads that one's key too.
 */
final class ValuePlaceholders {

	private final CandidateSources sources;

	/**
	 * Resolves against the given sources.
	 * @param sources the live sources, or those of a candidate configuration
	 */
	ValuePlaceholders(CandidateSources sources) {
		this.sources = sources;
	}

	/**
	 * Resolves a placeholder as Spring resolves a {@code @Value}: one that cannot be
	 * resolved fails.
	 * @param placeholder the {@code @Value} text
	 * @return the resolved text and the keys read
	 * @throws IllegalArgumentException if a placeholder without default names no key
	 */
	Resolved resolve(String placeholder) {
		KeysRead keys = new KeysRead(this.sources);
		return new Resolved(resolver(keys).resolveRequiredPlaceholders(placeholder), keys.read());
	}

	/**
	 * The keys a resolution reads, leaving what it cannot resolve as it is.
	 * @param placeholder the {@code @Value} text
	 * @return the keys read, none for text without placeholders
	 */
	Set<String> keysRead(String placeholder) {
		KeysRead keys = new KeysRead(this.sources);
		resolver(keys).resolvePlaceholders(placeholder);
		return keys.read();
	}

	private static PropertySourcesPropertyResolver resolver(KeysRead keys) {
		MutablePropertySources only = new MutablePropertySources();
		only.addFirst(keys);
		return new PropertySourcesPropertyResolver(only);
	}

	/**
	 * A resolved placeholder.
	 *
	 * @param value the resolved text
	 * @param keys every key the resolution read, in the order it read them
	 */
	record Resolved(String value, Set<String> keys) {
	}

	/**
	 * Looks a key up as Boot's {@code Environment} does, and notes it: through the adapted
	 * sources when the key is a valid property name (the attached source Boot consults
	 * first answers for those alone), else by its exact name in the sources themselves.
	 */
	private static final class KeysRead extends PropertySource<CandidateSources> {

		private final Set<String> read = new LinkedHashSet<>();

		KeysRead(CandidateSources sources) {
			super("mcp-value-placeholders", sources);
		}

		Set<String> read() {
			return Collections.unmodifiableSet(new LinkedHashSet<>(this.read));
		}

		@Override
		public Object getProperty(String key) {
			this.read.add(key);
			ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(key);
			if (name != null) {
				for (ConfigurationPropertySource source : getSource().adapted()) {
					ConfigurationProperty property = source.getConfigurationProperty(name);
					if (property != null) {
						return property.getValue();
					}
				}
				return null;
			}
			for (PropertySource<?> source : getSource().sources()) {
				Object value = source.getProperty(key);
				if (value != null) {
					return value;
				}
			}
			return null;
		}

	}

}
