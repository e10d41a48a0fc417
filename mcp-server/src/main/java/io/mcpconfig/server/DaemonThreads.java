package io.mcpconfig.server;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Threads of the center's background work: daemons, so they never hold up a shutdown, and
 * named by their job ({@code prefix} + a number), so a thread dump says what each does.
 */
public final class DaemonThreads {

	private DaemonThreads() {
	}

	public static ThreadFactory named(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
	}

	/** One scheduling thread whose delayed tasks are dropped when it shuts down, so a pending retry never delays a close. */
	public static ScheduledThreadPoolExecutor singleScheduled(String prefix) {
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, named(prefix));
		executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		return executor;
	}

}
