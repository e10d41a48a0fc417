package io.mcpconfig.server.sync;

import java.time.Duration;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.TimeUnit;

import io.grpc.ServerBuilder;
import net.devh.boot.grpc.server.serverfactory.GrpcServerConfigurer;

import org.springframework.beans.factory.DisposableBean;

/**
 * The threads gRPC calls the center's services on ({@code mcp.server.sync.grpc-threads}).
 * By default Netty's event loops themselves ({@code directExecutor}): every callback only
 * hands its message over (a session queues it for its serial executor, a {@code Fetch}
 * queues its store read, a token is checked with one hash and a map lookup), so a hop to
 * another thread per message would cost more than the callback. Measured at 20 000
 * streams, no session ended in five runs, and the fan-out was within the noise of a
 * pool's (docs/benchmarks.md). A positive count runs the callbacks on a
 * work-stealing pool of that many threads instead, for a center given interceptors of its
 * own that may block.
 */
final class GrpcCallbackExecutor implements GrpcServerConfigurer, DisposableBean {

	private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(1);

	/** Null: the event loops. */
	private final ForkJoinPool pool;

	/**
	 * @param threads 0 for Netty's event loops, else the threads of a pool of its own
	 */
	GrpcCallbackExecutor(int threads) {
		// FIFO (async mode): callbacks are events, not forked subtasks
		this.pool = (threads > 0) ? new ForkJoinPool(threads, GrpcCallbackExecutor::newThread, null, true) : null;
	}

	private static ForkJoinWorkerThread newThread(ForkJoinPool pool) {
		ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
		thread.setName("mcp-grpc-" + thread.getPoolIndex());
		// the default is the system class loader, which cannot see the classes of a Boot jar
		thread.setContextClassLoader(GrpcCallbackExecutor.class.getClassLoader());
		return thread;
	}

	/** How many threads of its own the callbacks run on; 0 when on the event loops. */
	int threads() {
		return (this.pool != null) ? this.pool.getParallelism() : 0;
	}

	@Override
	public void accept(ServerBuilder<?> builder) {
		if (this.pool != null) {
			builder.executor(this.pool);
		}
		else {
			builder.directExecutor();
		}
	}

	/** Called after the gRPC server stopped: lets callbacks already handed over finish, briefly. */
	@Override
	public void destroy() throws InterruptedException {
		if (this.pool == null) {
			return;
		}
		this.pool.shutdown();
		if (!this.pool.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
			this.pool.shutdownNow();
		}
	}

}
