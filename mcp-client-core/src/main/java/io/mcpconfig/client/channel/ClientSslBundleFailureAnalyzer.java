package io.mcpconfig.client.channel;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ClientSslBundleException} that stopped the start-up.
 */
class ClientSslBundleFailureAnalyzer extends AbstractFailureAnalyzer<ClientSslBundleException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ClientSslBundleException cause) {
		return new FailureAnalysis(cause.getMessage(), "Define the bundle under spring.ssl.bundle.pem.<name> or "
				+ "spring.ssl.bundle.jks.<name> with the CA that issued the config center's certificate as its trust "
				+ "store, or set " + ClientSslBundle.PROPERTY + " to a defined bundle.", cause);
	}

}
