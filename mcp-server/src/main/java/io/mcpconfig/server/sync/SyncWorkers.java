package io.mcpconfig.server.sync;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.mcpconfig.server.McpServerProperties;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The threads of all sessions: a fixed pool ({@code mcp.server.sync.threads}) that runs
 * each session's work through its own {@link SerialExecutor}, and one timer thread for
 * ack timeouts and expiry checks, which only hands work to the sessions.
 */
@Component
class SyncWorkers implements DisposableBean {

	private final ThreadPoolExecutor pool;

	private final ScheduledThreadPoolExecutor timer;

	SyncWorkers(McpServerProperties properties) {
		int threads = Math.max(1, properties.sync().threads());
		// each session queues at most one drain task at a time, so the queue is bounded by the sessions
		this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
				daemonThreads("mcp-sync-"));
		this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("mcp-sync-timer-"));
		this.timer.setRemoveOnCancelPolicy(true);
	}

	Executor newSerialExecutor() {
		return new SerialExecutor(pool);
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
		pool.shutdown();
		if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
			pool.shutdownNow();
		}
	}

	private static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
