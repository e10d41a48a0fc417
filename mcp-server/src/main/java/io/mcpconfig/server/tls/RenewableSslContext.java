package io.mcpconfig.server.tls;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;

import io.grpc.netty.shaded.io.netty.buffer.ByteBufAllocator;
import io.grpc.netty.shaded.io.netty.handler.ssl.ApplicationProtocolNegotiator;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;

/**
 * The gRPC port's TLS context, replaced as a whole when the SSL bundle is renewed. Key and
 * trust managers are asked at each handshake, but an OpenSSL context fixes, when it is
 * built, the list of CAs it names to clients in its certificate request, and a client picks
 * its certificate from that list: without a new context, a CA added to the trust store is
 * never offered a certificate. Each connection's engine comes from the context current at
 * its accept; open connections keep theirs.
 */
final class RenewableSslContext extends SslContext {

	private final AtomicReference<SslContext> current;

	RenewableSslContext(SslContext initial) {
		this.current = new AtomicReference<>(requireServer(initial));
	}

	/** Serves the next connections with {@code renewed}. */
	void renew(SslContext renewed) {
		this.current.set(requireServer(renewed));
	}

	private static SslContext requireServer(SslContext context) {
		if (context.isClient()) {
			throw new IllegalArgumentException("a client context cannot serve the gRPC port");
		}
		return context;
	}

	@Override
	public boolean isClient() {
		return false;
	}

	@Override
	public List<String> cipherSuites() {
		return this.current.get().cipherSuites();
	}

	@Override
	public ApplicationProtocolNegotiator applicationProtocolNegotiator() {
		return this.current.get().applicationProtocolNegotiator();
	}

	@Override
	public SSLEngine newEngine(ByteBufAllocator alloc) {
		return this.current.get().newEngine(alloc);
	}

	@Override
	public SSLEngine newEngine(ByteBufAllocator alloc, String peerHost, int peerPort) {
		return this.current.get().newEngine(alloc, peerHost, peerPort);
	}

	@Override
	public SSLSessionContext sessionContext() {
		return this.current.get().sessionContext();
	}

}
