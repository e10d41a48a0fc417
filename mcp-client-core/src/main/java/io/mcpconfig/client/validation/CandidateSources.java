package io.mcpconfig.client.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.Predicate;

import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpPropertySource;

/**
 * The application's property sources as a check of a candidate configuration sees them:
 * the live ones, in the {@code Environment}'s order, with the candidate in place of the
 * MCP one.
 *
 * @param sources the property sources themselves, without Boot's attached view of them
 * (it would resolve placeholders with the held values): what placeholders resolve against
 * @param adapted Boot's adapters of the same sources, in the same order, for relaxed
 * names and binding: those of {@link ConfigurationPropertySources#get}, which keep what
 * they learnt about each source's property names from one use to the next (new ones would
 * list every name of the system environment and {@code application.yml} again each time);
 * only the candidate gets a new one
 */
public record CandidateSources(List<PropertySource<?>> sources, List<ConfigurationPropertySource> adapted) {

	/**
	 * The live sources.
	 * @param environment the application's environment
	 * @return its sources
	 */
	public static CandidateSources live(ConfigurableEnvironment environment) {
		return of(environment, null);
	}

	/**
	 * The sources with a candidate configuration in place of the MCP one.
	 * @param environment the application's environment
	 * @param candidate the configuration to check, {@code null} for the live sources
	 * @return the sources
	 */
	public static CandidateSources of(ConfigurableEnvironment environment, HeldConfig candidate) {
		List<PropertySource<?>> sources = new ArrayList<>();
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (!ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
				sources.add(source);
			}
		}
		List<ConfigurationPropertySource> adapted = new ArrayList<>();
		ConfigurationPropertySources.get(environment).forEach(adapted::add);
		if (candidate != null) {
			String name = McpPropertySource.nameOf(candidate.target());
			PropertySource<?> replacement = new MapPropertySource(name, new HashMap<>(candidate.properties()));
			replace(sources, (source) -> source.getName().equals(name), replacement);
			replace(adapted, (source) -> source.getUnderlyingSource() instanceof PropertySource<?> underlying
					&& underlying.getName().equals(name), ConfigurationPropertySource.from(replacement));
		}
		return new CandidateSources(List.copyOf(sources), List.copyOf(adapted));
	}

	/** Puts {@code replacement} in place of the first element that matches, else first: the MCP source leads. */
	private static <T> void replace(List<T> list, Predicate<T> matches, T replacement) {
		for (int i = 0; i < list.size(); i++) {
			if (matches.test(list.get(i))) {
				list.set(i, replacement);
				return;
			}
		}
		list.add(0, replacement);
	}

}
