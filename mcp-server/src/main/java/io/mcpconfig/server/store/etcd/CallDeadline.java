package io.mcpconfig.server.store.etcd;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.etcd.jetcd.common.exception.ErrorCode;
import io.etcd.jetcd.common.exception.EtcdException;
import io.mcpconfig.server.store.StoreUnavailableException;

/**
 * The deadline of each etcd call ({@code mcp.server.etcd.timeout}): waits for a jetcd
 * future at most that long and turns every failure into a
 * {@link StoreUnavailableException} that says what was being done. The gRPC calls
 * themselves carry the same deadline ({@link DeadlineInterceptor}), so a call given up
 * here is cancelled on the wire too.
 */
record CallDeadline(Duration timeout) {

	/** Failures after which the same request may succeed: the member or the leader is away. */
	private static final Set<ErrorCode> TRANSIENT = EnumSet.of(ErrorCode.UNAVAILABLE, ErrorCode.DEADLINE_EXCEEDED,
			ErrorCode.ABORTED, ErrorCode.INTERNAL, ErrorCode.UNKNOWN);

	<T> T await(CompletableFuture<T> call, String what) {
		return await(call, what, System.nanoTime() + this.timeout.toNanos());
	}

	/** Waits until {@code deadlineNanos} ({@link System#nanoTime()}) at the latest. */
	<T> T await(CompletableFuture<T> call, String what, long deadlineNanos) {
		try {
			return call.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			call.cancel(true);
			throw new StoreUnavailableException(
					"etcd did not answer " + what + " within " + this.timeout.toMillis() + " ms", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new StoreUnavailableException("etcd failed " + what + ": " + cause.getMessage(), cause);
		}
		catch (InterruptedException ex) {
			call.cancel(true);
			Thread.currentThread().interrupt();
			throw new StoreUnavailableException("interrupted while waiting for etcd " + what, ex);
		}
	}

	/** Whether trying again may help (a member down, a leader election, a timeout). */
	static boolean isTransient(StoreUnavailableException failure) {
		Throwable cause = failure.getCause();
		if (cause instanceof TimeoutException) {
			return true;
		}
		return cause instanceof EtcdException etcd && TRANSIENT.contains(etcd.getErrorCode());
	}

}
