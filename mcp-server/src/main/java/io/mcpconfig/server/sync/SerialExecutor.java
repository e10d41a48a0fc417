package io.mcpconfig.server.sync;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs its tasks one at a time, in submission order, on a shared pool: a session's state
 * needs no lock because only one of its tasks runs at any moment, and a busy session
 * takes one pool thread at most. Submitting never blocks.
 */
final class SerialExecutor implements Executor {

	private static final Log logger = LogFactory.getLog(SerialExecutor.class);

	/** Tasks per turn before the thread goes back to the pool, so one session cannot hog it. */
	private static final int BATCH = 32;

	private final Executor pool;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean scheduled = new AtomicBoolean();

	SerialExecutor(Executor pool) {
		this.pool = pool;
	}

	@Override
	public void execute(Runnable task) {
		tasks.add(task);
		schedule();
	}

	private void schedule() {
		if (scheduled.compareAndSet(false, true)) {
			try {
				pool.execute(this::drain);
			}
			catch (RejectedExecutionException ex) {
				// the pool is shut down with the server: nothing will run again
				scheduled.set(false);
				tasks.clear();
				logger.debug("Dropping session work: the pool is shut down");
			}
		}
	}

	private void drain() {
		try {
			for (int i = 0; i < BATCH; i++) {
				Runnable task = tasks.poll();
				if (task == null) {
					break;
				}
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					logger.error("Session task failed", ex);
				}
			}
		}
		finally {
			scheduled.set(false);
			if (!tasks.isEmpty()) {
				schedule();
			}
		}
	}

}
