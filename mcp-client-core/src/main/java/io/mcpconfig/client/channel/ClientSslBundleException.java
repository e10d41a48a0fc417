package io.mcpconfig.client.channel;

/**
 * The SSL bundle named by {@code mcp.client.ssl.bundle} cannot be used: it is not defined,
 * its files cannot be loaded, or TLS cannot be set up with it. A configuration error, so
 * the start stops whatever the import ({@code optional:mcp:} too).
 */
public class ClientSslBundleException extends IllegalStateException {

	ClientSslBundleException(String message, Throwable cause) {
		super(message, cause);
	}

}
