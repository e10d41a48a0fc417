package io.mcpconfig.client.config;

import org.springframework.boot.BootstrapContext;
import org.springframework.boot.ConfigurableBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

import io.mcpconfig.client.McpClientProperties;

/**
 * Fails the start-up when the client is enabled but no {@code mcp:} import was resolved;
 * {@link MissingImportFailureAnalyzer} tells the user the line to add. Runs after the
 * config data has been processed: an import anywhere (application.yml, a profile
 * document, the command line) has registered the client by then.
 */
public class MissingImportCheck implements EnvironmentPostProcessor, Ordered {

	/** Right after {@link ConfigDataEnvironmentPostProcessor}. */
	public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER + 1000;

	private final BootstrapContext bootstrapContext;

	public MissingImportCheck(ConfigurableBootstrapContext bootstrapContext) {
		this.bootstrapContext = bootstrapContext;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		boolean enabled = environment.getProperty(McpClientProperties.PREFIX + ".enabled", Boolean.class, true);
		if (enabled && !ClientRegistration.isRegistered(this.bootstrapContext)) {
			throw new MissingImportException();
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
