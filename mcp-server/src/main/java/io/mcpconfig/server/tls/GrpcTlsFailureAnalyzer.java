package io.mcpconfig.server.tls;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a {@link GrpcTlsException} that stopped the start instead of a stack trace. */
class GrpcTlsFailureAnalyzer extends AbstractFailureAnalyzer<GrpcTlsException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, GrpcTlsException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
	}

}
