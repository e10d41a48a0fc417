package io.mcpconfig.server.tls;

import java.util.Optional;

import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;

/**
 * Refuses every gRPC call, with {@code UNAUTHENTICATED}, over a connection whose client
 * certificate the gRPC port's renewed trust store no longer trusts: ending a session does
 * not close its connection, and a client would otherwise open its next call on it.
 */
public class ClientCertificateCheck implements ServerInterceptor {

	private final ClientCertificateTrust trust;

	public ClientCertificateCheck(ClientCertificateTrust trust) {
		this.trust = trust;
	}

	@Override
	public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
			ServerCallHandler<Q, A> next) {
		Optional<String> refusal = this.trust.refusal(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
		if (refusal.isPresent()) {
			call.close(Status.UNAUTHENTICATED.withDescription(refusal.get()), new Metadata());
			return new ServerCall.Listener<>() {
			};
		}
		return next.startCall(call, headers);
	}

}
