package io.mcpconfig.server.store.etcd;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.api.LeaseGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;

/**
 * Gives every unary etcd call a gRPC deadline ({@link CallDeadline#callTimeout()}). jetcd
 * sets none and waits for a ready connection, so without one a request that timed out for
 * its caller could still be sent (and a publish committed) when etcd comes back. Streams
 * (watches) are long-lived and get no deadline, except the lease keep-alive stream: the
 * instance registry opens one per keep-alive ({@code keepAliveOnce}) for one answer.
 */
final class DeadlineInterceptor implements ClientInterceptor {

	private static final String LEASE_KEEP_ALIVE = LeaseGrpc.getLeaseKeepAliveMethod().getFullMethodName();

	private final long timeoutNanos;

	DeadlineInterceptor(Duration timeout) {
		this.timeoutNanos = timeout.toNanos();
	}

	@Override
	public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
		boolean oneAnswer = method.getType() == MethodDescriptor.MethodType.UNARY
				|| LEASE_KEEP_ALIVE.equals(method.getFullMethodName());
		if (oneAnswer && options.getDeadline() == null) {
			return next.newCall(method, options.withDeadlineAfter(this.timeoutNanos, TimeUnit.NANOSECONDS));
		}
		return next.newCall(method, options);
	}

}
