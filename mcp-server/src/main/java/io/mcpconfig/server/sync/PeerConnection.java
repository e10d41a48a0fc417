package io.mcpconfig.server.sync;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import javax.net.ssl.SSLSession;

import io.grpc.Attributes;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Puts the connection a gRPC call comes over into the call's context: a session's host,
 * with its token, decides whether it may take over an instance id another live session
 * holds, and its TLS session whether a renewed trust store still trusts its client
 * certificate.
 */
public class PeerConnection implements ServerInterceptor {

	static final Context.Key<Peer> KEY = Context.key("mcp-peer");

	@Override
	public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
			ServerCallHandler<Q, A> next) {
		Attributes attributes = call.getAttributes();
		Peer peer = new Peer(host(attributes.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR)),
				attributes.get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
		return Contexts.interceptCall(Context.current().withValue(KEY, peer), call, headers, next);
	}

	private static String host(SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			return (inet.getAddress() != null) ? inet.getAddress().getHostAddress() : inet.getHostString();
		}
		return String.valueOf(address);
	}

	/**
	 * The connection of the call being served.
	 * @return its peer; host and TLS session {@code null} outside a call
	 */
	static Peer current() {
		Peer peer = KEY.get();
		return (peer != null) ? peer : new Peer(null, null);
	}

	/**
	 * @param host the address the call comes from
	 * @param tls the connection's TLS session, {@code null} in plaintext
	 */
	record Peer(String host, SSLSession tls) {
	}

}
