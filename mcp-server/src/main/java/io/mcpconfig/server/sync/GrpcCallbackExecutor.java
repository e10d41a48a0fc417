package io.mcpconfig.server.sync;

import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;

import io.grpc.ServerBuilder;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;

import org.springframework.beans.factory.DisposableBean;

/**
 * The threads gRPC calls the center's services on: a work-stealing pool of one thread a
 * core ({@code mcp.server.sync.grpc-threads}) instead of grpc-java's default cached pool,
 * which hands every message over through a {@code SynchronousQueue} and grows past a
 * hundred threads under 20 000 streams. The
 * services never wait on these threads: a session queues each message for its own serial
 * executor, and a {@code Fetch} queues its store read for the read workers.
 * <p>
 * Netty's own event loops ({@code directExecutor}) were measured too: less CPU still, but
 * 20 000 streams subscribing at once then lost thousands of sessions to the instance
 * expiry, so the event loops are left to the sockets (docs/benchmarks.md).
 */
final class GrpcCallbackExecutor implements GrpcServerConfigurer, DisposableBean {

	private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(1);

	private final ForkJoinPool pool;

	GrpcCallbackExecutor(int threads) {
		// FIFO (async mode): callbacks are events, not forked subtasks
		this.pool = new ForkJoinPool(threads, GrpcCallbackExecutor::newThread, null, true);
	}

	private static ForkJoinWorkerThread newThread(ForkJoinPool pool) {
		ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
		thread.setName("mcp-grpc-" + thread.getPoolIndex());
		// the default is the system class loader, which cannot see the classes of a Boot jar
		thread.setContextClassLoader(GrpcCallbackExecutor.class.getClassLoader());
		return thread;
	}

	/** How many threads the pool runs. */
	int threads() {
		return this.pool.getParallelism();
	}

	@Override
	public void accept(ServerBuilder<?> builder) {
		builder.executor(this.pool);
	}

	/** Called after the gRPC server stopped: lets callbacks already handed over finish, briefly. */
	@Override
	public void destroy() throws InterruptedException {
		this.pool.shutdown();
		if (!this.pool.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
			this.pool.shutdownNow();
		}
	}

}
