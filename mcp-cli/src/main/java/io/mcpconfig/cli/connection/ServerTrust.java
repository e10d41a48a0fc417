package io.mcpconfig.cli.connection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import io.mcpconfig.cli.CommandFailure;
import io.mcpconfig.cli.ExitStatus;

/** Which certificates an https center may present: the JVM's, a CA file's, or any (--insecure). */
final class ServerTrust {

	private ServerTrust() {
	}

	/** The JVM's default trust, or the certificates of a PEM file. */
	static SSLContext of(Path caFile) {
		if (caFile == null) {
			try {
				return SSLContext.getDefault();
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("the JVM has no default TLS context", ex);
			}
		}
		try (InputStream pem = Files.newInputStream(caFile)) {
			Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
				.generateCertificates(pem);
			if (certificates.isEmpty()) {
				throw new CommandFailure(ExitStatus.USAGE, "the CA file " + caFile + " holds no PEM certificate");
			}
			KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
			trusted.load(null, null);
			int index = 0;
			for (Certificate certificate : certificates) {
				trusted.setCertificateEntry("ca-" + index++, certificate);
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trusted);
			return context(factory.getTrustManagers());
		}
		catch (NoSuchFileException ex) {
			throw new CommandFailure(ExitStatus.USAGE, "the CA file " + caFile + " does not exist", ex);
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new CommandFailure(ExitStatus.USAGE, "cannot read the CA file " + caFile + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Trusts any certificate. The JDK's HttpClient checks host names on its own; only a
	 * system property read once, before the first client, turns that off.
	 */
	static SSLContext trustingAnything() {
		System.setProperty("jdk.internal.httpclient.disableHostnameVerification", "true");
		return context(new TrustManager[] { new X509TrustManager() {

			@Override
			public void checkClientTrusted(X509Certificate[] chain, String authType) {
			}

			@Override
			public void checkServerTrusted(X509Certificate[] chain, String authType) {
			}

			@Override
			public X509Certificate[] getAcceptedIssuers() {
				return new X509Certificate[0];
			}

		} });
	}

	private static SSLContext context(TrustManager[] trustManagers) {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trustManagers, new SecureRandom());
			return context;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("TLS is not available in this JVM", ex);
		}
	}

}
