package io.mcpconfig.client.boot3;

import org.springframework.boot.ConfigurableBootstrapContext;
import org.springframework.boot.env.EnvironmentPostProcessor;

import io.mcpconfig.client.config.MissingImportCheck;

/**
 * The {@link MissingImportCheck} as Boot 3's {@code EnvironmentPostProcessor}.
 */
public class Boot3MissingImportCheck extends MissingImportCheck implements EnvironmentPostProcessor {

	public Boot3MissingImportCheck(ConfigurableBootstrapContext bootstrap) {
		super(new Boot3ClientRegistration(bootstrap));
	}

}
