package io.mcpconfig.server.sync;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Puts the host a gRPC call comes from into the call's context: a session's origin, with
 * its token, decides whether it may take over an instance id another live session holds.
 */
public class PeerHost implements ServerInterceptor {

	static final Context.Key<String> KEY = Context.key("mcp-peer-host");

	@Override
	public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
			ServerCallHandler<Q, A> next) {
		return Contexts.interceptCall(Context.current().withValue(KEY, host(call.getAttributes()
			.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR))), call, headers, next);
	}

	private static String host(SocketAddress address) {
		if (address instanceof InetSocketAddress inet) {
			return (inet.getAddress() != null) ? inet.getAddress().getHostAddress() : inet.getHostString();
		}
		return String.valueOf(address);
	}

	/**
	 * The host of the call being served.
	 * @return its address, {@code null} outside a call
	 */
	static String current() {
		return KEY.get();
	}

}
