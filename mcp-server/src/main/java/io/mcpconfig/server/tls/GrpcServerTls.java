package io.mcpconfig.server.tls;

import java.security.cert.X509Certificate;
import java.util.Arrays;

import javax.net.ssl.SSLException;
import javax.net.ssl.X509TrustManager;

import io.grpc.ServerBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.mcpconfig.protocol.tls.ReloadableTlsManagers;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.web.server.Ssl.ClientAuth;

/**
 * Makes the gRPC server speak TLS with an SSL bundle ({@code mcp.server.grpc.ssl.bundle}):
 * the bundle's key material is the center's certificate, its trust material verifies
 * client certificates when {@code client-auth} asks for them, and its protocols and
 * ciphers, when set, are the only ones offered. The TLS context is built when the center
 * starts, so a bad bundle stops the start instead of every handshake. A bundle with
 * {@code reload-on-update} renews the certificate, the trust store and the options without
 * a restart: a new context is built from the renewed bundle and serves the next
 * connections, once it proves to serve (a renewal that does not is logged and the previous
 * context stays).
 */
public final class GrpcServerTls implements GrpcServerConfigurer {

	private static final Log logger = LogFactory.getLog(GrpcServerTls.class);

	private final String description;

	private final RenewableSslContext sslContext;

	private final ClientCertificateTrust clientCertificateTrust;

	private GrpcServerTls(String description, RenewableSslContext sslContext,
			ClientCertificateTrust clientCertificateTrust) {
		this.description = description;
		this.sslContext = sslContext;
		this.clientCertificateTrust = clientCertificateTrust;
	}

	/** Whether the port's current trust store still trusts the client certificates of connections made before. */
	public ClientCertificateTrust clientCertificateTrust() {
		return this.clientCertificateTrust;
	}

	/**
	 * Builds the TLS of the gRPC port.
	 * @param properties {@code mcp.server.grpc.ssl.*}, with a bundle
	 * @param bundles the application's SSL bundles
	 * @return the configurer
	 * @throws GrpcTlsException if the bundle does not exist or cannot serve as configured
	 */
	public static GrpcServerTls of(GrpcSslProperties properties, SslBundles bundles) {
		String name = properties.bundle();
		ClientAuth clientAuth = properties.clientAuth();
		Serving start = serving(name, bundle(name, bundles), clientAuth);
		RenewableSslContext context = new RenewableSslContext(start.context());
		ClientCertificateTrust clientTrust = new ClientCertificateTrust(name, start.clientCas());
		bundles.addBundleUpdateHandler(name, (renewed) -> renew(name, renewed, clientAuth, context, clientTrust));
		return new GrpcServerTls("SSL bundle '" + name + "', client certificates: " + clientAuth.name().toLowerCase(),
				context, clientTrust);
	}

	/** The TLS context of {@code bundle}, checked as far as a handshake needs it, at the start and on renewals. */
	private static Serving serving(String name, SslBundle bundle, ClientAuth clientAuth) {
		if (bundle.getStores().getKeyStore() == null) {
			throw new GrpcTlsException("The SSL bundle '" + name + "' (mcp.server.grpc.ssl.bundle) has no key store: "
					+ "the gRPC port needs the center's certificate and private key.",
					"Set spring.ssl.bundle.pem." + name + ".keystore.certificate and .keystore.private-key (or "
							+ "spring.ssl.bundle.jks." + name + ".keystore.*).",
					null);
		}
		boolean verifiesClients = clientAuth != ClientAuth.NONE;
		if (verifiesClients && bundle.getStores().getTrustStore() == null) {
			throw new GrpcTlsException("mcp.server.grpc.ssl.client-auth=" + clientAuth.name().toLowerCase()
					+ " verifies client certificates against the trust store of the SSL bundle '" + name
					+ "', which has none.",
					"Set spring.ssl.bundle.pem." + name + ".truststore.certificate to the CA that issues the "
							+ "clients' certificates (or spring.ssl.bundle.jks." + name + ".truststore.*), or set "
							+ "mcp.server.grpc.ssl.client-auth=none.",
					null);
		}
		ReloadableTlsManagers managers;
		try {
			managers = new ReloadableTlsManagers(bundle.getManagers().getKeyManagerFactory(),
					verifiesClients ? bundle.getManagers().getTrustManagerFactory() : null);
		}
		catch (IllegalArgumentException ex) {
			throw new GrpcTlsException("The SSL bundle '" + name + "' (mcp.server.grpc.ssl.bundle) cannot serve TLS: "
					+ ex.getMessage() + ".", "Check the bundle's certificate and private key.", ex);
		}
		X509Certificate[] clientCas = verifiesClients
				? ((X509TrustManager) managers.trustManager()).getAcceptedIssuers() : new X509Certificate[0];
		return new Serving(sslContext(name, bundle.getOptions(), managers, clientAuth), clientCas);
	}

	private static void renew(String name, SslBundle renewed, ClientAuth clientAuth, RenewableSslContext context,
			ClientCertificateTrust clientTrust) {
		Serving serving;
		try {
			// the bundle's managers fail with an IllegalStateException of their own (a wrong key password)
			serving = serving(name, renewed, clientAuth);
		}
		catch (RuntimeException ex) {
			logger.error("The renewed SSL bundle '" + name + "' cannot serve the gRPC port, which keeps the previous "
					+ "certificate and trust store: " + ex.getMessage()
					+ ((ex instanceof GrpcTlsException tls) ? " " + tls.action() : ""));
			return;
		}
		context.renew(serving.context());
		logger.info("The gRPC port serves the renewed SSL bundle '" + name + "' from its next connection");
		try {
			clientTrust.renew(serving.clientCas());
		}
		catch (RuntimeException ex) {
			logger.error("The sessions of client certificates the renewed SSL bundle '" + name
					+ "' no longer trusts could not all be ended", ex);
		}
	}

	private static SslBundle bundle(String name, SslBundles bundles) {
		try {
			return bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new GrpcTlsException("mcp.server.grpc.ssl.bundle names the SSL bundle '" + name
					+ "', which is not defined; defined bundles: " + bundles.getBundleNames() + ".",
					"Define it under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
							+ ", or name one of the defined bundles.",
					ex);
		}
	}

	private static SslContext sslContext(String name, SslOptions options, ReloadableTlsManagers managers,
			ClientAuth clientAuth) {
		SslContextBuilder builder = GrpcSslContexts.configure(SslContextBuilder.forServer(managers.keyManager()));
		if (clientAuth != ClientAuth.NONE) {
			builder.trustManager(managers.trustManager())
				.clientAuth((clientAuth == ClientAuth.NEED)
						? io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth.REQUIRE
						: io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth.OPTIONAL);
		}
		if (options.getEnabledProtocols() != null) {
			builder.protocols(options.getEnabledProtocols());
		}
		if (options.getCiphers() != null) {
			builder.ciphers(Arrays.asList(options.getCiphers()));
		}
		try {
			return builder.build();
		}
		catch (SSLException | RuntimeException ex) {
			throw new GrpcTlsException("The SSL bundle '" + name + "' (mcp.server.grpc.ssl.bundle) cannot serve TLS: "
					+ ex.getMessage(), "Check the bundle's certificate, private key, protocols and ciphers.", ex);
		}
	}

	@Override
	public void accept(ServerBuilder<?> builder) {
		if (builder instanceof NettyServerBuilder netty) {
			netty.sslContext(this.sslContext);
		}
		else if (!(builder instanceof InProcessServerBuilder)) {
			// an in-process server has no network to encrypt; any other would run in clear text
			throw new GrpcTlsException("mcp.server.grpc.ssl.bundle is set, but the gRPC server is built by "
					+ builder.getClass().getName() + ", which this center cannot give TLS.",
					"Keep grpc-netty-shaded on the class path (the center's own dependency).", null);
		}
	}

	/**
	 * @param context the TLS context
	 * @param clientCas the CAs it verifies client certificates against; none when it does not
	 */
	private record Serving(SslContext context, X509Certificate[] clientCas) {
	}

	@Override
	public String toString() {
		return "TLS with " + this.description;
	}

}
