package io.mcpconfig.client.boot4;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;

import io.mcpconfig.client.config.ConfigServerClientSwitch;

/**
 * The {@link ConfigServerClientSwitch} as Boot 4's {@code EnvironmentPostProcessor}.
 */
public class Boot4ConfigServerClientSwitch extends ConfigServerClientSwitch implements EnvironmentPostProcessor {

	public Boot4ConfigServerClientSwitch(DeferredLogFactory logFactory) {
		super(logFactory);
	}

}
