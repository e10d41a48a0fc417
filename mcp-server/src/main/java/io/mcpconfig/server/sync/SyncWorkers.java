package io.mcpconfig.server.sync;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.mcpconfig.server.DaemonThreads;
import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.store.StoreUnavailableException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The threads of all sessions: a fixed pool ({@code mcp.server.sync.threads}) that runs
 * each session's work through its own {@link SerialExecutor}, as many threads again for
 * the store reads of the sessions and of {@code Fetch} calls, and one timer thread for ack timeouts and expiry checks,
 * which only hands work to the sessions.
 * <p>
 * Store reads have threads of their own because they block (an etcd read waits up to
 * {@code mcp.server.etcd.timeout}): while the store is down, reconnecting clients must
 * not hold the threads that answer the heartbeats of open sessions.
 */
@Component
class SyncWorkers implements DisposableBean {

	private final ThreadPoolExecutor pool;

	private final ThreadPoolExecutor reads;

	private final ScheduledThreadPoolExecutor timer;

	private final int readQueue;

	private final LongAdder readsSubmitted = new LongAdder();

	private final LongAdder readsRefused = new LongAdder();

	private final LongAdder messagesWaiting = new LongAdder();

	SyncWorkers(McpServerProperties properties) {
		int threads = Math.max(1, properties.sync().threads());
		// each session queues at most one drain task at a time, so the queue is bounded by the sessions
		this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
				DaemonThreads.named("mcp-sync-"));
		// bounded: past it a subscribe or fetch is answered RESOURCE_EXHAUSTED and the client retries later
		this.readQueue = Math.max(1, properties.sync().readQueue());
		this.reads = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
				new ArrayBlockingQueue<>(this.readQueue), DaemonThreads.named("mcp-sync-read-"));
		this.timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.named("mcp-sync-timer-"));
		this.timer.setRemoveOnCancelPolicy(true);
	}

	Executor newSerialExecutor() {
		return new SerialExecutor(pool);
	}

	/**
	 * Run a blocking store read off the sessions' and gRPC's threads and hand its
	 * outcome to {@code session}, the caller's serial executor (or a direct one); a full read
	 * queue is a {@link ReadQueueFullException}.
	 */
	<T> void read(Supplier<T> read, Executor session, BiConsumer<T, RuntimeException> then) {
		readsSubmitted.increment();
		try {
			reads.execute(() -> {
				T result = null;
				RuntimeException failure = null;
				try {
					result = read.get();
				}
				catch (RuntimeException ex) {
					failure = ex;
				}
				T value = result;
				RuntimeException error = failure;
				session.execute(() -> then.accept(value, error));
			});
		}
		catch (RejectedExecutionException ex) {
			readsRefused.increment();
			session.execute(() -> then.accept(null,
					new ReadQueueFullException(readQueue, ex)));
		}
	}

	/** How many store reads the sessions and fetches asked for so far: a publish to open sessions should add none. */
	long readsSubmitted() {
		return readsSubmitted.sum();
	}

	/** How many store reads wait for a read thread now. */
	int queuedReads() {
		return reads.getQueue().size();
	}

	/** How many store reads were refused so far because the read queue was full. */
	long refusedReads() {
		return readsRefused.sum();
	}

	/** A client message came in and waits for its session's turn on the pool. */
	void messageArrived() {
		messagesWaiting.increment();
	}

	/** A client message is taken off its session's queue. */
	void messageHandled() {
		messagesWaiting.decrement();
	}

	/** Client messages received and not yet handled, over all sessions: at most the inbound window each. */
	long waitingMessages() {
		return messagesWaiting.sum();
	}

	/** Run {@code task} on the timer thread after {@code delay}; null once shut down. */
	ScheduledFuture<?> schedule(Runnable task, Duration delay) {
		try {
			return timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			return null;
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		timer.shutdownNow();
		reads.shutdownNow();
		pool.shutdown();
		if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
			pool.shutdownNow();
		}
	}

}
