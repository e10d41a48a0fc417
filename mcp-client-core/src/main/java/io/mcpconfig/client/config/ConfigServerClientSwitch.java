package io.mcpconfig.client.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Lets a Spring Cloud Config client stay on the class path of an application that moved
 * to {@code mcp:}, whether the MCP client is on or off: when nothing imports
 * {@code configserver:}, it defaults
 * {@value #CONFIG_ENABLED} to {@code false}, so that client neither fails the start-up
 * ("spring.config.import property is missing a configserver: entry") nor runs beans that
 * would call a config server. Importing both {@code mcp:} and {@code configserver:} uses
 * both; setting {@value #CONFIG_ENABLED} anywhere decides it; the legacy bootstrap context
 * is left alone. Runs after the config data has been loaded and before Spring Cloud
 * Config's own import check. Each Boot line's adapter registers it as that line's
 * {@code EnvironmentPostProcessor}.
 */
public class ConfigServerClientSwitch implements Ordered {

	/** The property source holding the default. */
	public static final String PROPERTY_SOURCE_NAME = "mcpConfigServerClientOff";

	/** After config data, before Spring Cloud Config's import check (config data + 1000). */
	public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 999;

	static final String CONFIG_ENABLED = "spring.cloud.config.enabled";

	private static final String BOOTSTRAP_ENABLED = "spring.cloud.bootstrap.enabled";

	private static final String CONFIG_SERVER_IMPORT = "configserver:";

	private static final String OPTIONAL = "optional:";

	private final Log log;

	protected ConfigServerClientSwitch(DeferredLogFactory logFactory) {
		this.log = logFactory.getLog(ConfigServerClientSwitch.class);
	}

	/**
	 * Defaults {@value #CONFIG_ENABLED} to {@code false} in an application that imports
	 * {@code mcp:} and no {@code configserver:}.
	 * @param environment the environment, with its config data loaded
	 * @param application the application
	 */
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		// The imports, not the MCP property source: a client switched off (in a test, say)
		// adds none, and the application must start all the same.
		List<String> imports = imports(environment);
		if (imports.stream().noneMatch(ConfigServerClientSwitch::isMcpImport) || environment.containsProperty(CONFIG_ENABLED)
				|| environment.getProperty(BOOTSTRAP_ENABLED, Boolean.class, false)
				|| imports.stream().anyMatch((location) -> location.contains(CONFIG_SERVER_IMPORT))) {
			return;
		}
		environment.getPropertySources()
			.addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(CONFIG_ENABLED, "false")));
		this.log.debug("Nothing imports " + CONFIG_SERVER_IMPORT + ": " + CONFIG_ENABLED
				+ " defaults to false, so a Spring Cloud Config client on the class path stays off");
	}

	/** Every source's imports: each document of application.yml may hold its own list. */
	private static List<String> imports(ConfigurableEnvironment environment) {
		List<String> imports = new ArrayList<>();
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (!ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
				imports.addAll(imports(source));
			}
		}
		return imports;
	}

	private static boolean isMcpImport(String location) {
		String trimmed = location.trim();
		return (trimmed.startsWith(OPTIONAL) ? trimmed.substring(OPTIONAL.length()) : trimmed)
			.startsWith(McpConfigDataLocationResolver.PREFIX);
	}

	private static List<String> imports(PropertySource<?> source) {
		try {
			return new Binder(ConfigurationPropertySources.from(source))
				.bind("spring.config.import", Bindable.listOf(String.class))
				.orElse(List.of());
		}
		catch (RuntimeException ex) {
			// an unresolvable value is not a configserver: import we could act on
			return List.of();
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
