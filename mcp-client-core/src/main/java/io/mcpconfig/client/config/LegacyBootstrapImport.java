package io.mcpconfig.client.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.cloud.bootstrap.BootstrapApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Makes an {@code mcp:} import resolve to nothing in the application Spring Cloud's legacy
 * bootstrap context starts ({@code spring-cloud-starter-bootstrap}, or
 * {@code spring.cloud.bootstrap.enabled=true}): before the main application, and again on
 * each refresh ({@code LegacyContextRefresher}). That application runs over the main
 * one's command line, system properties and environment variables, so an import set there
 * reached it: it created a client of its own, which fetched, stayed open in the bootstrap
 * context and, on a refresh, put its copy of the configuration in the main environment in
 * place of the live one. The main application's client is the only one. Decided in the
 * bootstrap context's registry, not with a property: Spring Cloud copies the bootstrap
 * application's property sources into the main environment. Each Boot line's adapter
 * registers it as that line's {@code EnvironmentPostProcessor}.
 */
public class LegacyBootstrapImport implements Ordered {

	/** Before {@link ConfigDataEnvironmentPostProcessor}: the {@code mcp:} import finds the decision. */
	public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER - 1;

	private final ClientRegistration registration;

	/**
	 * @param registration the client registration of the bootstrap context the application
	 * being prepared runs with
	 */
	protected LegacyBootstrapImport(ClientRegistration registration) {
		this.registration = registration;
	}

	/**
	 * Decides the client off in Spring Cloud's bootstrap application.
	 * @param environment the environment, before config data is loaded
	 * @param application the application
	 */
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (isSpringCloudBootstrap(environment)) {
			this.registration.decide(new ImportDecision(false));
		}
	}

	/**
	 * Whether this is the application Spring Cloud's legacy bootstrap context starts: its
	 * {@code BootstrapApplicationListener} puts a property source of that name first in
	 * that application's environment while it starts, and removes it before the main
	 * application's environment is prepared. The name is a compile-time constant: no Spring
	 * Cloud class is needed at run time.
	 */
	private static boolean isSpringCloudBootstrap(ConfigurableEnvironment environment) {
		return environment.getPropertySources().contains(BootstrapApplicationListener.BOOTSTRAP_PROPERTY_SOURCE_NAME);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
