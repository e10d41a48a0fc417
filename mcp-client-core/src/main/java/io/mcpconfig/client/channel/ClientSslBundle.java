package io.mcpconfig.client.channel;

import java.util.TreeSet;

import javax.net.ssl.KeyManagerFactory;

import io.mcpconfig.protocol.tls.ReloadableTlsManagers;

import org.springframework.boot.autoconfigure.ssl.JksSslBundleProperties;
import org.springframework.boot.autoconfigure.ssl.PemSslBundleProperties;
import org.springframework.boot.autoconfigure.ssl.PropertiesSslBundle;
import org.springframework.boot.autoconfigure.ssl.SslProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundle;

/**
 * The SSL bundle the client's channel uses ({@code mcp.client.ssl.bundle}), with its name.
 * The channel is made while {@code spring.config.import} is resolved, before the
 * application context and its {@code SslBundles} exist, so the bundle is built here from
 * the {@code spring.ssl.bundle.*} settings the same way Boot builds it: the same
 * properties, the same PEM and key store loading, on every Boot line. The channel's TLS
 * takes its key and trust material from {@link #tls()}, which a renewal of the bundle
 * ({@code reload-on-update}, {@link ClientTlsRenewal}) updates in place.
 *
 * @param name the bundle's name
 * @param bundle the bundle as it was at start-up (its protocols and ciphers are read once)
 * @param tls the current key (with a client certificate) and trust material
 */
public record ClientSslBundle(String name, SslBundle bundle, ReloadableTlsManagers tls) {

	/** The property that names the bundle. */
	public static final String PROPERTY = "mcp.client.ssl.bundle";

	/**
	 * Builds the named bundle from the settings bound so far.
	 * @param name the bundle's name
	 * @param binder the binder of the environment being prepared
	 * @return the bundle
	 * @throws ClientSslBundleException if no bundle has that name or it cannot be loaded
	 */
	public static ClientSslBundle bind(String name, Binder binder) {
		SslProperties.Bundles bundles = binder.bind("spring.ssl", SslProperties.class)
			.orElseGet(SslProperties::new)
			.getBundle();
		PemSslBundleProperties pem = bundles.getPem().get(name);
		JksSslBundleProperties jks = bundles.getJks().get(name);
		if (pem == null && jks == null) {
			throw new ClientSslBundleException(PROPERTY + " names the SSL bundle '" + name + "', which is not defined; "
					+ defined(bundles), null);
		}
		try {
			SslBundle bundle = (pem != null) ? PropertiesSslBundle.get(pem) : PropertiesSslBundle.get(jks);
			// Boot reads the files on first use: read them now, so a missing or bad file stops
			// the start naming the bundle, not every handshake
			boolean withCertificate = bundle.getStores().getKeyStore() != null;
			bundle.getStores().getTrustStore();
			return new ClientSslBundle(name, bundle, new ReloadableTlsManagers(keys(bundle, withCertificate),
					bundle.getManagers().getTrustManagerFactory()));
		}
		catch (RuntimeException ex) {
			throw new ClientSslBundleException(
					"The SSL bundle '" + name + "' (" + PROPERTY + ") cannot be loaded: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Whether the bundle holds a certificate of this instance for mutual TLS.
	 * @return whether it has a key store
	 */
	public boolean hasClientCertificate() {
		return this.bundle.getStores().getKeyStore() != null;
	}

	/**
	 * Serves the channel's next handshakes with the renewed bundle.
	 * @param renewed the bundle as Boot reloaded it
	 * @throws IllegalArgumentException if it cannot serve; the current material stays
	 */
	public void renew(SslBundle renewed) {
		this.tls.update(keys(renewed, hasClientCertificate()), renewed.getManagers().getTrustManagerFactory());
	}

	private static KeyManagerFactory keys(SslBundle bundle, boolean withCertificate) {
		return withCertificate ? bundle.getManagers().getKeyManagerFactory() : null;
	}

	private static String defined(SslProperties.Bundles bundles) {
		TreeSet<String> names = new TreeSet<>(bundles.getPem().keySet());
		names.addAll(bundles.getJks().keySet());
		return names.isEmpty() ? "spring.ssl.bundle defines no bundles" : "defined bundles: " + names;
	}

	@Override
	public String toString() {
		return "SSL bundle '" + this.name + "'";
	}

}
