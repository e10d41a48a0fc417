package io.mcpconfig.client.local;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link LocalFileException} that failed the start-up.
 */
class LocalFileFailureAnalyzer extends AbstractFailureAnalyzer<LocalFileException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, LocalFileException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Fix the file, or point mcp.client.fallback-location or mcp.client.local-file to another one.", cause);
	}

}
