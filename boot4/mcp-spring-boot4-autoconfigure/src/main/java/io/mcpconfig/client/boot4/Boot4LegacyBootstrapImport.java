package io.mcpconfig.client.boot4;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;

import io.mcpconfig.client.config.LegacyBootstrapImport;

/**
 * The {@link LegacyBootstrapImport} as Boot 4's {@code EnvironmentPostProcessor}.
 */
public class Boot4LegacyBootstrapImport extends LegacyBootstrapImport implements EnvironmentPostProcessor {

	public Boot4LegacyBootstrapImport(ConfigurableBootstrapContext bootstrap) {
		super(new Boot4ClientRegistration(bootstrap));
	}

}
