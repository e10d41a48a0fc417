package io.mcpconfig.server.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
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
 * <p>The check is the handshake's own certificate path validation, against the renewed
 * CAs and as of the handshake's time: a certificate that has expired since its handshake
 * is not refused for that (its connection was accepted when it was valid, as one made
 * just before the renewal would be), only one no renewed CA issued. Each connection is
 * checked once per change of the CAs; the answer is kept on its TLS session.
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

	/** The port trusts {@code trusted} from its next handshake. */
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
			validate(chain, anchors.certificates(), new Date(tls.getCreationTime()));
			return Optional.empty();
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return Optional.of("the client certificate " + chain[0].getSubjectX500Principal().getName()
					+ " is no longer trusted: the SSL bundle '" + this.bundle
					+ "' of the center's gRPC port was renewed without the CA that issued it");
		}
	}

	/** The path up to the first trusted certificate, validated as PKIX trust managers do, at {@code when}. */
	private static void validate(X509Certificate[] chain, Set<X509Certificate> trusted, Date when)
			throws GeneralSecurityException {
		int anchored = 0;
		while (anchored < chain.length && !trusted.contains(chain[anchored])) {
			anchored++;
		}
		if (anchored == 0) {
			return; // the certificate itself is trusted
		}
		PKIXParameters parameters = new PKIXParameters(
				trusted.stream().map((ca) -> new TrustAnchor(ca, null)).collect(Collectors.toSet()));
		parameters.setRevocationEnabled(false);
		parameters.setDate(when);
		CertPathValidator.getInstance("PKIX")
			.validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(chain).subList(0, anchored)),
					parameters);
	}

	/** The trusted CAs, and how many times they changed since the start. */
	private record Anchors(long generation, Set<X509Certificate> certificates) {
	}

	/** What a connection's check found, for the generation of CAs it was made against. */
	private record Verdict(long generation, Optional<String> refusal) {
	}

}
