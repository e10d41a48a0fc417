package io.mcpconfig.client.session;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

import io.mcpconfig.client.channel.ServerAddress;

/**
 * Remembers which config center address one call reached. The channel fails over between
 * the configured addresses on its own, so only the call's transport knows; it tells once
 * the server's headers arrive. One instance per call.
 */
final class PeerAddressInterceptor implements ClientInterceptor {

	private volatile String address;

	/**
	 * The address the call reached.
	 * @return {@code host:port}, or {@code null} before the server's headers
	 */
	String address() {
		return this.address;
	}

	@Override
	public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
		return new SimpleForwardingClientCall<>(next.newCall(method, options)) {

			@Override
			public void start(Listener<R> listener, Metadata headers) {
				ClientCall<Q, R> call = this;
				super.start(new SimpleForwardingClientCallListener<>(listener) {

					@Override
					public void onHeaders(Metadata serverHeaders) {
						PeerAddressInterceptor.this.address = describe(
								call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
						super.onHeaders(serverHeaders);
					}

				}, headers);
			}

		};
	}

	private static String describe(SocketAddress remote) {
		if (remote instanceof InetSocketAddress inet) {
			return new ServerAddress(inet.getHostString(), inet.getPort()).toString();
		}
		return (remote != null) ? remote.toString() : null;
	}

}
