package io.mcpconfig.client.boot3;

import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;

import io.mcpconfig.client.config.ConfigServerClientSwitch;

/**
 * The {@link ConfigServerClientSwitch} as Boot 3's {@code EnvironmentPostProcessor}.
 */
public class Boot3ConfigServerClientSwitch extends ConfigServerClientSwitch implements EnvironmentPostProcessor {

	public Boot3ConfigServerClientSwitch(DeferredLogFactory logFactory) {
		super(logFactory);
	}

}
