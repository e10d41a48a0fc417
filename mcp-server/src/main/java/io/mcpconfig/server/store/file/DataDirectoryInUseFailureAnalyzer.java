package io.mcpconfig.server.store.file;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says plainly, instead of a stack trace, that a second server was started on the same data directory. */
class DataDirectoryInUseFailureAnalyzer extends AbstractFailureAnalyzer<DataDirectoryInUseException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DataDirectoryInUseException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Stop the other server, or point mcp.server.file.dir at another directory (each server needs its own;"
						+ " servers that share releases use mcp.server.store=etcd).",
				cause);
	}

}
