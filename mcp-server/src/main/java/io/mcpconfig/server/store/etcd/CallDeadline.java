package io.mcpconfig.server.store.etcd;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.mcpconfig.server.store.StoreUnavailableException;

/**
 * Deadlines of etcd calls. {@code mcp.server.etcd.timeout} bounds each store operation;
 * one etcd call within it gets a third of it. A request that a dying leader had taken is
 * not answered until etcd's own request timeout (seconds after a new leader is elected),
 * so the operation gives up on that call early and tries again on the new leader.
 * <p>
 * Every failure becomes a {@link StoreUnavailableException} that says what was being done.
 * The gRPC calls carry the same per-call deadline ({@link DeadlineInterceptor}), so a
 * call given up here is cancelled on the wire too.
 */
record CallDeadline(Duration timeout) {

	/**
	 * Failures after which the same request may succeed: a member or the leader is away
	 * (a connection closed under a call is UNKNOWN "channel closed").
	 */
	private static final Set<Status.Code> TRANSIENT = EnumSet.of(Status.Code.UNAVAILABLE,
			Status.Code.DEADLINE_EXCEEDED, Status.Code.ABORTED, Status.Code.INTERNAL, Status.Code.UNKNOWN);

	private static final long MAX_PAUSE_MILLIS = 500;

	/** The deadline of an operation starting now, in {@link System#nanoTime()} terms. */
	long start() {
		return System.nanoTime() + this.timeout.toNanos();
	}

	/** How long one etcd call may take. */
	Duration callTimeout() {
		return this.timeout.dividedBy(3);
	}

	/**
	 * Waits for one call, at most {@link #callTimeout()} and not past
	 * {@code deadlineNanos}.
	 */
	<T> T await(CompletableFuture<T> call, String what, long deadlineNanos) {
		long wait = Math.min(callTimeout().toNanos(), deadlineNanos - System.nanoTime());
		try {
			return call.get(Math.max(0, wait), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			call.cancel(true);
			throw new StoreUnavailableException("etcd did not answer " + what + " within "
					+ TimeUnit.NANOSECONDS.toMillis(Math.max(0, wait)) + " ms", ex);
		}
		catch (ExecutionException ex) {
			throw failed(what, (ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (InterruptedException ex) {
			call.cancel(true);
			Thread.currentThread().interrupt();
			throw new StoreUnavailableException("interrupted while waiting for etcd " + what, ex);
		}
	}

	/** What a call that failed with {@code cause} is to its caller. */
	static StoreUnavailableException failed(String what, Throwable cause) {
		Throwable failure = (cause instanceof CompletionException && cause.getCause() != null) ? cause.getCause() : cause;
		if (failure instanceof TimeoutException) {
			// a wait cut short by its caller's budget (TimeoutException says nothing itself)
			return new StoreUnavailableException("etcd did not answer " + what + " in time", failure);
		}
		String message = String.valueOf(failure.getMessage());
		return new StoreUnavailableException("etcd failed " + what + ": " + message + hint(message), failure);
	}

	/** What to do, where etcd's own words name no cause an operator can act on. */
	private static String hint(String message) {
		if (message.contains("no leader")) {
			return " (etcd has no leader: a majority of its members is down or cut off from the others)";
		}
		if (message.contains("database space exceeded")) {
			return " (etcd's space quota is used up and its NOSPACE alarm raised: it refuses every write until"
					+ " it is compacted and defragmented and the alarm disarmed; reads go on. See 'Space quota"
					+ " exceeded' in docs/operations.md)";
		}
		return "";
	}

	/** A read, tried again after transient failures until the timeout. */
	<T> T read(Supplier<CompletableFuture<T>> call, String what) {
		return repeatable(call, what);
	}

	/**
	 * A call that is safe to repeat (a read, a put of a key no one else writes), tried
	 * again after transient failures until the timeout.
	 */
	<T> T repeatable(Supplier<CompletableFuture<T>> call, String what) {
		return repeatable(call, what, start());
	}

	/** As {@link #repeatable(Supplier, String)}, within the deadline of an operation it is part of. */
	<T> T repeatable(Supplier<CompletableFuture<T>> call, String what, long deadlineNanos) {
		long started = System.nanoTime();
		for (int attempt = 1;; attempt++) {
			try {
				return await(call.get(), what, deadlineNanos);
			}
			catch (StoreUnavailableException ex) {
				if (!isTransient(ex)) {
					throw ex;
				}
				if (System.nanoTime() >= deadlineNanos) {
					throw gaveUp(ex, attempt, started);
				}
				pause(attempt, deadlineNanos);
			}
		}
	}

	/**
	 * The last attempt's failure, saying how long the caller waited in all when there were
	 * several: each attempt's own text names only its share of the timeout. The cause stays
	 * the attempt's, which the callers inspect.
	 */
	StoreUnavailableException gaveUp(StoreUnavailableException last, int attempts, long startedNanos) {
		if (attempts == 1) {
			return last;
		}
		long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
		return new StoreUnavailableException(last.getMessage() + " (the last of " + attempts + " attempts in "
				+ waited + " ms; mcp.server.etcd.timeout is " + this.timeout.toMillis() + " ms)", last.getCause());
	}

	/** Whether trying again may help (a member down, a leader election, a timeout). */
	static boolean isTransient(StoreUnavailableException failure) {
		Throwable cause = failure.getCause();
		if (cause instanceof TimeoutException) {
			return true;
		}
		// jetcd fails some calls with its EtcdException, others (txn) with gRPC's own exceptions
		if (cause instanceof EtcdException etcd) {
			return TRANSIENT.contains(Status.Code.valueOf(etcd.getErrorCode().name()));
		}
		if (cause instanceof StatusRuntimeException || cause instanceof StatusException) {
			return TRANSIENT.contains(Status.fromThrowable(cause).getCode());
		}
		return false;
	}

	/**
	 * Whether etcd refused a request for its size: beyond its {@code --max-request-bytes}
	 * ("request is too large"), or beyond what its gRPC server reads at all (that plus
	 * 512 KiB, "received message larger than max").
	 */
	static boolean isRequestTooLarge(StoreUnavailableException failure) {
		Throwable cause = failure.getCause();
		// the only such request is a publish's txn, which jetcd fails with gRPC's own exception
		if (!(cause instanceof StatusRuntimeException || cause instanceof StatusException)) {
			return false;
		}
		Status status = Status.fromThrowable(cause);
		String description = String.valueOf(status.getDescription());
		return (status.getCode() == Status.Code.INVALID_ARGUMENT && description.contains("request is too large"))
				|| (status.getCode() == Status.Code.RESOURCE_EXHAUSTED && description.contains("larger than max"));
	}

	/** Whether etcd's answer was larger than the client reads in one message (gRPC's own exception). */
	static boolean isResponseTooLarge(StoreUnavailableException failure) {
		Status status = Status.fromThrowable(failure.getCause());
		return status.getCode() == Status.Code.RESOURCE_EXHAUSTED
				&& String.valueOf(status.getDescription()).contains("exceeds maximum size");
	}

	/** A short, growing pause before another attempt, never past the deadline. */
	static void pause(int attempt, long deadlineNanos) {
		long millis = pauseMillis(attempt, deadlineNanos);
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new StoreUnavailableException("interrupted while waiting to call etcd again", ex);
		}
	}

	/** How long {@link #pause} waits: growing with the attempt, never past the deadline. */
	static long pauseMillis(int attempt, long deadlineNanos) {
		long millis = Math.min(MAX_PAUSE_MILLIS, 25L << Math.min(attempt, 5));
		return Math.min(millis, Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
	}

}
