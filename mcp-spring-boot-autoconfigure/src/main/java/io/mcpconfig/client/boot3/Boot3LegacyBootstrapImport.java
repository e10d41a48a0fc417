package io.mcpconfig.client.boot3;

import org.springframework.boot.ConfigurableBootstrapContext;
import org.springframework.boot.env.EnvironmentPostProcessor;

import io.mcpconfig.client.config.LegacyBootstrapImport;

/**
 * The {@link LegacyBootstrapImport} as Boot 3's {@code EnvironmentPostProcessor}.
 */
public class Boot3LegacyBootstrapImport extends LegacyBootstrapImport implements EnvironmentPostProcessor {

	public Boot3LegacyBootstrapImport(ConfigurableBootstrapContext bootstrap) {
		super(new Boot3ClientRegistration(bootstrap));
	}

}
