package io.mcpconfig.client.channel;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Renews the channel's TLS when Boot reloads its SSL bundle ({@code reload-on-update}):
 * the client built the bundle itself while the environment was prepared, before Boot's
 * {@link SslBundles} existed, so once they do it asks them for the bundle's renewals. The
 * next connection to the center then presents the renewed client certificate and trusts
 * the renewed trust store; a renewal that cannot serve is logged and the previous stays.
 */
public final class ClientTlsRenewal {

	private static final Log logger = LogFactory.getLog(ClientTlsRenewal.class);

	private final ClientSslBundle ssl;

	/**
	 * Registers for the renewals of {@code ssl}.
	 * @param ssl the channel's bundle
	 * @param bundles Boot's bundles, the same {@code spring.ssl.bundle.*} settings
	 */
	public ClientTlsRenewal(ClientSslBundle ssl, SslBundles bundles) {
		this.ssl = ssl;
		try {
			bundles.addBundleUpdateHandler(ssl.name(), this::renew);
		}
		catch (NoSuchSslBundleException ex) {
			// the settings that built the client's bundle were not Boot's own (a test's, say)
			logger.debug("No SSL bundle '" + ssl.name() + "' to follow the renewals of", ex);
		}
	}

	private void renew(SslBundle renewed) {
		try {
			this.ssl.renew(renewed);
			logger.info("The MCP Config client uses the renewed " + this.ssl + " from its next connection");
		}
		catch (RuntimeException ex) {
			logger.error("The renewed " + this.ssl + " (" + ClientSslBundle.PROPERTY + ") cannot serve the channel ("
					+ ex.getMessage() + "); it keeps the previous certificate and trust store");
		}
	}

}
