package io.mcpconfig.client.boot4;

import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.logging.DeferredLogFactory;

import io.mcpconfig.client.config.ClientRegistration;
import io.mcpconfig.client.config.McpConfigDataLoader;

/**
 * Loads the configuration of an {@code mcp:} import on Boot 4.
 */
public class Boot4ConfigDataLoader extends McpConfigDataLoader {

	public Boot4ConfigDataLoader(DeferredLogFactory logFactory) {
		super(logFactory);
	}

	@Override
	protected ClientRegistration registration(ConfigDataLoaderContext context) {
		return new Boot4ClientRegistration(context.getBootstrapContext());
	}

}
