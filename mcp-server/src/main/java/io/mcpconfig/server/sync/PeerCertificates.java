package io.mcpconfig.server.sync;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Puts the certificate chain a client presented over mutual TLS into the call's context:
 * a session keeps it, so that a renewal of the trust store that no longer trusts it ends
 * the session instead of leaving it open on a handshake made before.
 */
public class PeerCertificates implements ServerInterceptor {

	static final Context.Key<List<X509Certificate>> KEY = Context.key("mcp-peer-certificates");

	@Override
	public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
			ServerCallHandler<Q, A> next) {
		return Contexts.interceptCall(
				Context.current().withValue(KEY, chain(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION))),
				call, headers, next);
	}

	private static List<X509Certificate> chain(SSLSession session) {
		if (session == null) {
			return List.of();
		}
		try {
			Certificate[] chain = session.getPeerCertificates();
			return Arrays.stream(chain)
				.filter(X509Certificate.class::isInstance)
				.map(X509Certificate.class::cast)
				.toList();
		}
		catch (SSLPeerUnverifiedException ex) {
			return List.of(); // no client certificate (client-auth none or want)
		}
	}

	/**
	 * The client certificate chain of the call being served.
	 * @return leaf first; empty without TLS, without a client certificate, or outside a call
	 */
	static List<X509Certificate> current() {
		List<X509Certificate> chain = KEY.get();
		return (chain != null) ? chain : List.of();
	}

}
