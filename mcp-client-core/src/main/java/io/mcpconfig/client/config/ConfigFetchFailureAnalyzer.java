package io.mcpconfig.client.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ConfigFetchException} that failed the start-up
 * ({@code mcp.client.fail-fast=true}).
 */
class ConfigFetchFailureAnalyzer extends AbstractFailureAnalyzer<ConfigFetchException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ConfigFetchException cause) {
		String action = "Check that MCP Config is running and that mcp.client.server-addresses " + cause.getAddresses()
				+ " is right. To start without the config center, provide a fallback YAML at "
				+ "mcp.client.fallback-location, set mcp.client.fail-fast=false or import \"optional:mcp:\".";
		return new FailureAnalysis(cause.getMessage(), action, cause);
	}

}
