package io.mcpconfig.protocol.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The key and trust managers of a TLS context that is built once and outlives its
 * certificates: each handshake asks the current managers, and renewed ones are swapped in
 * atomically, so the next handshake presents the new certificate and verifies the peer
 * against the new trust store, while connections already open keep theirs. Both the
 * center's gRPC port and the client's channel use it.
 */
public final class ReloadableTlsManagers {

	private final AtomicReference<Managers> current;

	private final X509ExtendedKeyManager keyManager = new KeyManagerView();

	private final X509ExtendedTrustManager trustManager = new TrustManagerView();

	/**
	 * @param keys the own certificate and key, or {@code null} for none (then
	 * {@link #keyManager()} is not to be used)
	 * @param trust what verifies the peer, or {@code null} when the peer is not verified
	 * (then {@link #trustManager()} is not to be used)
	 * @throws IllegalArgumentException if they cannot serve (see {@link #update})
	 */
	public ReloadableTlsManagers(KeyManagerFactory keys, TrustManagerFactory trust) {
		this.current = new AtomicReference<>(managers(keys, trust));
	}

	/** The view to build the TLS context with; it serves the current key material. */
	public KeyManager keyManager() {
		return this.keyManager;
	}

	/** The view to build the TLS context with; it verifies with the current trust store. */
	public TrustManager trustManager() {
		return this.trustManager;
	}

	/**
	 * Serves the next handshakes with renewed managers, checked as far as a handshake needs
	 * them: one key entry whose private key signs what its certificate verifies (a
	 * certificate renewed before its key, say, is refused instead of failing every
	 * handshake).
	 * @param keys the renewed certificate and key; {@code null} only if there were none
	 * @param trust the renewed trust; {@code null} only if there was none
	 * @throws IllegalArgumentException if they cannot serve; the current managers stay
	 */
	public void update(KeyManagerFactory keys, TrustManagerFactory trust) {
		Managers previous = this.current.get();
		if ((keys == null) != (previous.keys() == null)) {
			throw new IllegalArgumentException((keys == null) ? "its key store is gone" : "it has a key store now");
		}
		if ((trust == null) != (previous.trust() == null)) {
			throw new IllegalArgumentException((trust == null) ? "its trust store is gone" : "it has a trust store now");
		}
		this.current.set(managers(keys, trust));
	}

	private static Managers managers(KeyManagerFactory keyFactory, TrustManagerFactory trustFactory) {
		X509ExtendedKeyManager keys = (keyFactory != null)
				? only(X509ExtendedKeyManager.class, keyFactory.getKeyManagers(), "key manager") : null;
		X509ExtendedTrustManager trust = (trustFactory != null)
				? only(X509ExtendedTrustManager.class, trustFactory.getTrustManagers(), "trust manager") : null;
		if (keys != null) {
			String alias = firstAlias(keys);
			X509Certificate[] chain = keys.getCertificateChain(alias);
			PrivateKey key = keys.getPrivateKey(alias);
			if (chain == null || chain.length == 0 || key == null) {
				throw new IllegalArgumentException("its key store entry '" + alias + "' has no certificate or no key");
			}
			if (!signsFor(key, chain[0])) {
				throw new IllegalArgumentException("the private key does not belong to the certificate "
						+ chain[0].getSubjectX500Principal().getName());
			}
		}
		return new Managers(keys, trust);
	}

	private static String firstAlias(X509ExtendedKeyManager keys) {
		for (String type : new String[] { "RSA", "EC" }) {
			for (String[] aliases : new String[][] { keys.getServerAliases(type, null),
					keys.getClientAliases(type, null) }) {
				if (aliases != null && aliases.length > 0) {
					return aliases[0];
				}
			}
		}
		throw new IllegalArgumentException("its key store holds no RSA or EC private key with a certificate");
	}

	/** Whether the key signs what the certificate verifies; a key this JVM cannot sign with is not judged. */
	private static boolean signsFor(PrivateKey key, X509Certificate certificate) {
		String algorithm = "EC".equals(key.getAlgorithm()) ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
		Signature signer;
		Signature verifier;
		try {
			signer = Signature.getInstance(algorithm);
			verifier = Signature.getInstance(algorithm);
		}
		catch (NoSuchAlgorithmException ex) {
			// RSASSA-PSS, EdDSA and the like: the handshake will tell
			return true;
		}
		try {
			byte[] challenge = new byte[32];
			ThreadLocalRandom.current().nextBytes(challenge);
			signer.initSign(key);
			signer.update(challenge);
			byte[] signature = signer.sign();
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
			return ReloadableTlsManagers.this.current.get().trust();
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

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			trust().checkServerTrusted(chain, authType);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			trust().checkServerTrusted(chain, authType, socket);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			trust().checkServerTrusted(chain, authType, engine);
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return trust().getAcceptedIssuers();
		}

	}

}
