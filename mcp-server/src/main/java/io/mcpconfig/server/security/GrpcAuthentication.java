package io.mcpconfig.server.security;

import java.util.Optional;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthGrpc;

/**
 * Authenticates every gRPC call by its {@code authorization: Bearer} metadata; the standard
 * health service stays open for probes. A call without a valid token ends with
 * {@code UNAUTHENTICATED} before it reaches a service; an authenticated one carries its
 * token in the gRPC context ({@link #CALLER}), where the config service checks what it may
 * sync.
 */
public class GrpcAuthentication implements ServerInterceptor {

	/** The token of the call being served. */
	public static final Context.Key<ApiToken> CALLER = Context.key("mcp-caller-token");

	static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private final Tokens tokens;

	public GrpcAuthentication(Tokens tokens) {
		this.tokens = tokens;
	}

	@Override
	public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
			ServerCallHandler<Q, A> next) {
		if (HealthGrpc.SERVICE_NAME.equals(call.getMethodDescriptor().getServiceName())) {
			return next.startCall(call, headers);
		}
		String secret = BearerToken.secretOf(headers.get(AUTHORIZATION));
		Tokens.Presented presented = this.tokens.check(secret);
		Optional<ApiToken> token = presented.token();
		if (token.isEmpty()) {
			Status refusal;
			if (secret == null) {
				refusal = Status.UNAUTHENTICATED
					.withDescription("a bearer token is required: set mcp.client.token to a client token of this app and env");
			}
			else if (!presented.tokensRead()) {
				// the client asks another center, or this one again later
				refusal = Status.UNAVAILABLE.withDescription(Tokens.NOT_READ_YET);
			}
			else {
				refusal = Status.UNAUTHENTICATED.withDescription("the bearer token is not valid (unknown or revoked)");
			}
			call.close(refusal, new Metadata());
			return new ServerCall.Listener<>() {
			};
		}
		return Contexts.interceptCall(Context.current().withValue(CALLER, token.get()), call, headers, next);
	}

}
