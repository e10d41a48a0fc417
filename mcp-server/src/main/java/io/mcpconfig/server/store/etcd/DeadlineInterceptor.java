package io.mcpconfig.server.store.etcd;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;

/**
 * Gives every unary etcd call a gRPC deadline ({@link CallDeadline#callTimeout()}). jetcd
 * sets none and waits for a ready connection, so without one a request that timed out for
 * its caller could still be sent (and a publish committed) when etcd comes back. Streams
 * (watches) are long-lived and get no deadline.
 */
final class DeadlineInterceptor implements ClientInterceptor {

	private final long timeoutNanos;

	DeadlineInterceptor(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
	}

	@Override
	public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
		if (method.getType() == MethodDescriptor.MethodType.UNARY && options.getDeadline() == null) {
			return next.newCall(method, options.withDeadlineAfter(this.timeoutNanos, TimeUnit.NANOSECONDS));
		}
		return next.newCall(method, options);
	}

}
