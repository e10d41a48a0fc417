package io.mcpconfig.client.boot4;

import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.boot.logging.DeferredLogFactory;

import io.mcpconfig.client.config.ClientRegistration;
import io.mcpconfig.client.config.McpConfigDataLocationResolver;

/**
 * Resolves {@code spring.config.import: "mcp:"} on Boot 4.
 */
public class Boot4ConfigDataLocationResolver extends McpConfigDataLocationResolver {

	public Boot4ConfigDataLocationResolver(DeferredLogFactory logFactory) {
		super(logFactory);
	}

	@Override
	protected ClientRegistration registration(ConfigDataLocationResolverContext context) {
		return new Boot4ClientRegistration(context.getBootstrapContext());
	}

}
