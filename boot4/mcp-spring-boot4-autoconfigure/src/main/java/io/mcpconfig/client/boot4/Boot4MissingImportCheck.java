package io.mcpconfig.client.boot4;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.bootstrap.ConfigurableBootstrapContext;

import io.mcpconfig.client.config.MissingImportCheck;

/**
 * The {@link MissingImportCheck} as Boot 4's {@code EnvironmentPostProcessor}.
 */
public class Boot4MissingImportCheck extends MissingImportCheck implements EnvironmentPostProcessor {

	public Boot4MissingImportCheck(ConfigurableBootstrapContext bootstrap) {
		super(new Boot4ClientRegistration(bootstrap));
	}

}
