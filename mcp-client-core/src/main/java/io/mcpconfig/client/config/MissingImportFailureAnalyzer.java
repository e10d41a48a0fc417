package io.mcpconfig.client.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link MissingImportException} with the exact line to add.
 */
class MissingImportFailureAnalyzer extends AbstractFailureAnalyzer<MissingImportException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingImportException cause) {
		String description = "The MCP Config client is on the classpath and enabled, but spring.config.import does "
				+ "not import \"mcp:\", so the application would start without its configuration.";
		String action = """
				Add this line to application.yml:

				    spring.config.import: "mcp:"

				Use "optional:mcp:" instead to start even when the config center cannot be reached. If \
				spring.config.import already lists other locations, add "mcp:" to the list. To run without \
				MCP Config, set mcp.client.enabled=false.""";
		return new FailureAnalysis(description, action, cause);
	}

}
