package io.mcpconfig.client.boot3;

import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.logging.DeferredLogFactory;

import io.mcpconfig.client.config.ClientRegistration;
import io.mcpconfig.client.config.McpConfigDataLoader;

/**
 * Loads the configuration of an {@code mcp:} import on Boot 3.
 */
public class Boot3ConfigDataLoader extends McpConfigDataLoader {

	public Boot3ConfigDataLoader(DeferredLogFactory logFactory) {
		super(logFactory);
	}

	@Override
	protected ClientRegistration registration(ConfigDataLoaderContext context) {
		return new Boot3ClientRegistration(context.getBootstrapContext());
	}

}
