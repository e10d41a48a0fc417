package io.mcpconfig.client.channel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientStreamTracer;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;

/**
 * The config center one call reached: which address (the channel picks it among the
 * configured ones, so only the call's transport knows), and whether the call's status came
 * from the center itself. A center and the transport both say {@code UNAVAILABLE}, but
 * only a center's answer means "up and reachable, yet unable to serve" (a replica cut off
 * from its store), which the channel's {@code pick_first} never moves away from; a
 * connection that cannot be made or breaks is {@code pick_first}'s to fail over. gRPC
 * tells a stream tracer the transport a stream was created on and the trailers the server
 * sent, never a status the transport made up. One instance per call.
 */
public final class CallPeer implements ClientInterceptor {

	private final ClientStreamTracer.Factory tracers = new ClientStreamTracer.Factory() {

		@Override
		public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
			return new Tracer();
		}

	};

	private volatile InetSocketAddress remote;

	private volatile boolean answeredByServer;

	/**
	 * The address the call reached, as logs and the health endpoint show it.
	 * @return {@code host:port}, with the IP address when the host is a name; {@code null}
	 * before the call had a connection
	 */
	public String address() {
		return ServerRotation.Center.describe(this.remote);
	}

	/**
	 * The address the call reached, for {@link ServerRotation#turnPast}.
	 * @return the socket address, or {@code null} before the call had a connection
	 */
	public InetSocketAddress remote() {
		return this.remote;
	}

	/**
	 * Whether the call ended because the center it reached cannot serve now: an
	 * {@code UNAVAILABLE} status sent by the center, not one of the transport's, or no
	 * answer at all before the call's deadline: a center whose store hangs answers only
	 * when its own store deadline ends, and a frozen one (a stopped process, a paused VM)
	 * takes the connection but never completes it, so the channel's {@code pick_first},
	 * which moves on only from a connection that fails, would wait on it for good.
	 * @param status the status the call ended with
	 * @return whether another center should be asked
	 */
	public boolean refusedBy(Status status) {
		return switch (status.getCode()) {
			case UNAVAILABLE -> this.answeredByServer;
			case DEADLINE_EXCEEDED -> !this.answeredByServer;
			default -> false;
		};
	}

	@Override
	public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
		return next.newCall(method, options.withStreamTracerFactory(this.tracers));
	}

	private final class Tracer extends ClientStreamTracer {

		@Override
		public void streamCreated(Attributes transportAttrs, Metadata headers) {
			SocketAddress remote = transportAttrs.get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
			CallPeer.this.remote = (remote instanceof InetSocketAddress inet) ? inet : null;
		}

		@Override
		public void inboundTrailers(Metadata trailers) {
			CallPeer.this.answeredByServer = true;
		}

	}

}
