package io.mcpconfig.server.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.springframework.boot.ssl.SslBundle;

/**
 * The key and trust managers of the gRPC port's TLS context, backed by the SSL bundle's
 * current managers: the context is built once, and a renewed bundle
 * ({@code reload-on-update}) is swapped in atomically, so the next handshake presents the
 * new certificate and verifies clients against the new trust store, while connections
 * already open keep theirs.
 */
final class ReloadableTlsManagers {

	private final AtomicReference<Managers> current;

	private final X509ExtendedKeyManager keyManager = new KeyManagerView();

	private final X509ExtendedTrustManager trustManager = new TrustManagerView();

	/**
	 * @param bundle the bundle as the center starts with it
	 * @param verifiesClients whether the trust store is used (client certificates asked for)
	 * @throws IllegalArgumentException if the bundle cannot serve (see {@link #managers})
	 */
	ReloadableTlsManagers(SslBundle bundle, boolean verifiesClients) {
		this.current = new AtomicReference<>(managers(bundle, verifiesClients));
	}

	KeyManager keyManager() {
		return this.keyManager;
	}

	TrustManager trustManager() {
		return this.trustManager;
	}

	/**
	 * Serves the next handshakes with a renewed bundle.
	 * @param bundle the renewed bundle
	 * @param verifiesClients whether the trust store is used
	 * @throws IllegalArgumentException if it cannot serve; the current managers stay
	 */
	void update(SslBundle bundle, boolean verifiesClients) {
		this.current.set(managers(bundle, verifiesClients));
	}

	/**
	 * The bundle's managers, checked as far as a handshake would need them: one key entry
	 * whose private key signs what its certificate verifies (a certificate renewed before
	 * its key, say, is refused instead of failing every handshake).
	 */
	private static Managers managers(SslBundle bundle, boolean verifiesClients) {
		X509ExtendedKeyManager keys = only(X509ExtendedKeyManager.class,
				bundle.getManagers().getKeyManagerFactory().getKeyManagers(), "key manager");
		X509ExtendedTrustManager trust = verifiesClients ? only(X509ExtendedTrustManager.class,
				bundle.getManagers().getTrustManagerFactory().getTrustManagers(), "trust manager") : null;
		String[] aliases = keys.getServerAliases("RSA", null);
		String[] ecAliases = keys.getServerAliases("EC", null);
		String alias = (aliases != null && aliases.length > 0) ? aliases[0]
				: (ecAliases != null && ecAliases.length > 0) ? ecAliases[0] : null;
		if (alias == null) {
			throw new IllegalArgumentException("its key store holds no RSA or EC private key with a certificate");
		}
		X509Certificate[] chain = keys.getCertificateChain(alias);
		PrivateKey key = keys.getPrivateKey(alias);
		if (chain == null || chain.length == 0 || key == null) {
			throw new IllegalArgumentException("its key store entry '" + alias + "' has no certificate or no key");
		}
		if (!signsFor(key, chain[0])) {
			throw new IllegalArgumentException("the private key does not belong to the certificate "
					+ chain[0].getSubjectX500Principal().getName());
		}
		return new Managers(keys, trust);
	}

	private static boolean signsFor(PrivateKey key, X509Certificate certificate) {
		String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
		try {
			byte[] challenge = new byte[32];
			ThreadLocalRandom.current().nextBytes(challenge);
			Signature signer = Signature.getInstance(algorithm);
			signer.initSign(key);
			signer.update(challenge);
			byte[] signature = signer.sign();
			Signature verifier = Signature.getInstance(algorithm);
			verifier.initVerify(certificate.getPublicKey());
			verifier.update(challenge);
			return verifier.verify(signature);
		}
		catch (GeneralSecurityException ex) {
			return false;
		}
	}

	private static <T> T only(Class<T> type, Object[] candidates, String what) {
		return Arrays.stream(candidates)
			.filter(type::isInstance)
			.map(type::cast)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("it provides no X.509 " + what));
	}

	private record Managers(X509ExtendedKeyManager keys, X509ExtendedTrustManager trust) {
	}

	private final class KeyManagerView extends X509ExtendedKeyManager {

		private X509ExtendedKeyManager keys() {
			return ReloadableTlsManagers.this.current.get().keys();
		}

		@Override
		public String[] getClientAliases(String keyType, Principal[] issuers) {
			return keys().getClientAliases(keyType, issuers);
		}

		@Override
		public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
			return keys().chooseClientAlias(keyType, issuers, socket);
		}

		@Override
		public String[] getServerAliases(String keyType, Principal[] issuers) {
			return keys().getServerAliases(keyType, issuers);
		}

		@Override
		public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
			return keys().chooseServerAlias(keyType, issuers, socket);
		}

		@Override
		public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
			return keys().chooseEngineServerAlias(keyType, issuers, engine);
		}

		@Override
		public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
			return keys().chooseEngineClientAlias(keyType, issuers, engine);
		}

		@Override
		public X509Certificate[] getCertificateChain(String alias) {
			return keys().getCertificateChain(alias);
		}

		@Override
		public PrivateKey getPrivateKey(String alias) {
			return keys().getPrivateKey(alias);
		}

	}

	private final class TrustManagerView extends X509ExtendedTrustManager {

		private X509ExtendedTrustManager trust() {
			X509ExtendedTrustManager trust = ReloadableTlsManagers.this.current.get().trust();
			if (trust == null) {
				throw new IllegalStateException("client certificates are not verified on this port");
			}
			return trust;
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			trust().checkClientTrusted(chain, authType);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			trust().checkClientTrusted(chain, authType, socket);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			trust().checkClientTrusted(chain, authType, engine);
		}

		// The gRPC port's context verifies its clients only; it never verifies a server.

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			throw notAClient();
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			throw notAClient();
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			throw notAClient();
		}

		private CertificateException notAClient() {
			return new CertificateException("the gRPC port's TLS verifies clients, not servers");
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return trust().getAcceptedIssuers();
		}

	}

}
