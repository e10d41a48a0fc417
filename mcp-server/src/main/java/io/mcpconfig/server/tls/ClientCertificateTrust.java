package io.mcpconfig.server.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Whether the CAs the gRPC port trusts now still trust the client certificate of a
 * connection made before a renewal of its trust store. A handshake checks the client's
 * certificate once; a connection then lives for as long as the client keeps it, so without
 * this check a client whose CA was removed (a compromised CA) would go on being served.
 *
 * <p>The check builds a certificate path from the client's certificate to one of the
 * renewed CAs, as a PKIX trust manager does in a handshake, as of the handshake's time: a
 * certificate that has expired since its handshake is not refused for that (its
 * connection was accepted when it was valid, as one made just before the renewal would
 * be), only one no renewed CA vouches for. Each connection is checked once per change of
 * the CAs; the answer is kept on its TLS session.
 */
public final class ClientCertificateTrust {

	private static final String VERDICT = "io.mcpconfig.client-certificate-verdict";

	private final String bundle;

	private final AtomicReference<Anchors> current;

	private final List<Runnable> dropListeners = new CopyOnWriteArrayList<>();

	/**
	 * @param bundle the SSL bundle's name, for the reasons given
	 * @param trusted the CAs the port trusts at the start
	 */
	ClientCertificateTrust(String bundle, X509Certificate[] trusted) {
		this.bundle = bundle;
		this.current = new AtomicReference<>(new Anchors(0, Set.copyOf(Arrays.asList(trusted))));
	}

	/**
	 * Runs {@code listener} after each renewal that drops a CA, so that whoever holds
	 * connections made before can end those it no longer trusts.
	 */
	public void onCaDropped(Runnable listener) {
		this.dropListeners.add(listener);
	}

	/** The port trusts {@code trusted} from its next connection. */
	void renew(X509Certificate[] trusted) {
		Set<X509Certificate> renewed = Set.copyOf(Arrays.asList(trusted));
		Anchors previous = this.current.get();
		if (renewed.equals(previous.certificates())) {
			return; // a renewal of the key or certificate only: every verdict holds
		}
		this.current.set(new Anchors(previous.generation() + 1, renewed));
		if (!renewed.containsAll(previous.certificates())) {
			this.dropListeners.forEach(Runnable::run);
		}
	}

	/**
	 * Why the client certificate of a connection is refused now.
	 * @param tls the connection's TLS session, {@code null} in plaintext
	 * @return the reason; empty when it is trusted, when the client presented none, or when
	 * the trust store was never renewed (the handshake decided)
	 */
	public Optional<String> refusal(SSLSession tls) {
		Anchors anchors = this.current.get();
		if (tls == null || anchors.generation() == 0) {
			return Optional.empty();
		}
		if (tls.getValue(VERDICT) instanceof Verdict verdict && verdict.generation() == anchors.generation()) {
			return verdict.refusal();
		}
		Optional<String> refusal = check(tls, anchors);
		tls.putValue(VERDICT, new Verdict(anchors.generation(), refusal));
		return refusal;
	}

	private Optional<String> check(SSLSession tls, Anchors anchors) {
		X509Certificate[] chain;
		try {
			chain = Arrays.stream(tls.getPeerCertificates())
				.filter(X509Certificate.class::isInstance)
				.map(X509Certificate.class::cast)
				.toArray(X509Certificate[]::new);
		}
		catch (SSLPeerUnverifiedException ex) {
			return Optional.empty(); // no client certificate, as client-auth want allows
		}
		if (chain.length == 0) {
			return Optional.empty();
		}
		try {
			validate(chain, anchors.certificates(), tls.getCreationTime());
			return Optional.empty();
		}
		catch (GeneralSecurityException ex) {
			return Optional.of("the client certificate " + chain[0].getSubjectX500Principal().getName()
					+ " is no longer trusted: the SSL bundle '" + this.bundle + "' of the center's gRPC port was "
					+ "renewed without a CA that issued it (" + ex.getMessage() + ")");
		}
	}

	/**
	 * Builds a path from the client's certificate to a trusted CA out of the certificates
	 * it sent, in any order, as a PKIX trust manager does in the handshake. The time is
	 * that of the handshake, or the end of the certificate's validity if that came first (a
	 * resumed session may report the time of its resumption, not of the check).
	 */
	private static void validate(X509Certificate[] chain, Set<X509Certificate> trusted, long handshakeMillis)
			throws GeneralSecurityException {
		X509Certificate leaf = chain[0];
		if (trusted.contains(leaf)) {
			return; // the certificate itself is trusted
		}
		X509CertSelector target = new X509CertSelector();
		target.setCertificate(leaf);
		PKIXBuilderParameters parameters = new PKIXBuilderParameters(
				trusted.stream().map((ca) -> new TrustAnchor(ca, null)).collect(Collectors.toSet()), target);
		parameters.setRevocationEnabled(false);
		parameters.setDate(new Date(Math.min(handshakeMillis, leaf.getNotAfter().getTime())));
		parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(List.of(chain))));
		CertPathBuilder.getInstance("PKIX").build(parameters);
	}

	/** The trusted CAs, and how many times they changed since the start. */
	private record Anchors(long generation, Set<X509Certificate> certificates) {
	}

	/** What a connection's check found, for the generation of CAs it was made against. */
	private record Verdict(long generation, Optional<String> refusal) {
	}

}
