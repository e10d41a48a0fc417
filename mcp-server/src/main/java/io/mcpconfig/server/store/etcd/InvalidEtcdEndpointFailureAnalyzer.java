package io.mcpconfig.server.store.etcd;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says which etcd address cannot be used, instead of a stack trace whose first lines name
 * whichever bean first needed the store.
 */
class InvalidEtcdEndpointFailureAnalyzer extends AbstractFailureAnalyzer<InvalidEtcdEndpointException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidEtcdEndpointException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Set mcp.server.etcd.endpoints to the client URLs of the etcd members, comma-separated, each"
						+ " http://host:port (such as http://etcd-1:2379,http://etcd-2:2379,http://etcd-3:2379).",
				cause);
	}

}
