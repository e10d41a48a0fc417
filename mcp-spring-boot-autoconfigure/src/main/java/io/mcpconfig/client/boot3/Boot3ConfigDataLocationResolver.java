package io.mcpconfig.client.boot3;

import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.logging.DeferredLogFactory;

import io.mcpconfig.client.config.ClientRegistration;
import io.mcpconfig.client.config.McpConfigDataLocationResolver;

/**
 * Resolves {@code spring.config.import: "mcp:"} on Boot 3.
 */
public class Boot3ConfigDataLocationResolver extends McpConfigDataLocationResolver {

	public Boot3ConfigDataLocationResolver(DeferredLogFactory logFactory) {
		super(logFactory);
	}

	@Override
	protected ClientRegistration registration(ConfigDataLocationResolverContext context) {
		return new Boot3ClientRegistration(context.getBootstrapContext());
	}

}
