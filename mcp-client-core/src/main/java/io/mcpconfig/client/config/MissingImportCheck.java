package io.mcpconfig.client.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

import io.mcpconfig.client.McpClientProperties;

/**
 * Fails the start-up when the client is enabled but no {@code mcp:} import was resolved;
 * {@link MissingImportFailureAnalyzer} tells the user the line to add. Runs after the
 * config data has been processed: an import anywhere (application.yml, a profile
 * document, the command line) has added the {@link McpPropertySource} by then. Spring
 * Cloud's legacy bootstrap application, which reads {@code bootstrap.yml} and never imports
 * ({@link LegacyBootstrapImport}), is not checked, the main one is, and neither is a Spring
 * Cloud refresh of an application that resolved its import. Each Boot line's adapter
 * registers it as that line's {@code EnvironmentPostProcessor}.
 */
public class MissingImportCheck implements Ordered {

	/** Right after {@link ConfigDataEnvironmentPostProcessor}. */
	public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1000;

	private final ClientRegistration registration;

	/**
	 * @param registration the client registration of the bootstrap context the check runs
	 * in: one with a decision already is Spring Cloud's bootstrap application, or a Spring
	 * Cloud refresh, whose copy of the environment may have lost the import (a test's
	 * properties) but not the client
	 */
	protected MissingImportCheck(ClientRegistration registration) {
		this.registration = registration;
	}

	/**
	 * Checks the environment.
	 * @param environment the environment, with its config data loaded
	 * @param application the application
	 * @throws MissingImportException if the client is enabled but not imported
	 */
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (this.registration.decision().isPresent()) {
			return;
		}
		boolean enabled = environment.getProperty(McpClientProperties.PREFIX + ".enabled", Boolean.class, true);
		if (enabled && environment.getPropertySources().stream().noneMatch(McpPropertySource.class::isInstance)) {
			throw new MissingImportException();
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
