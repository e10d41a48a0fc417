package io.mcpconfig.client.channel;

import io.mcpconfig.client.config.ClientCondition;

/**
 * Matches when the client created by the {@code mcp:} import has a channel on an SSL
 * bundle: {@code mcp.client.ssl.bundle} in the environment may be blank (plaintext) or
 * set by a release.
 */
public class OnClientSslBundleCondition extends ClientCondition {

	public OnClientSslBundleCondition() {
		super("has a channel on an SSL bundle", (client) -> client.sslBundle().isPresent());
	}

}
