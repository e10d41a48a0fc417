package io.mcpconfig.server.store.file;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.mcpconfig.server.DaemonThreads;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.store.ReleaseListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The watches of the file store: each committed release is delivered to every listener,
 * in publish order, on one notifier thread of their own, so a slow or failing listener
 * never holds up a publish.
 */
final class ReleaseListeners implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ReleaseListeners.class);

	private final CopyOnWriteArrayList<Registration> registrations = new CopyOnWriteArrayList<>();

	private final ExecutorService notifier = Executors
		.newSingleThreadExecutor(DaemonThreads.named("mcp-file-store-watch-"));

	/**
	 * Adds a listener.
	 * @param listener the listener
	 * @return closing it removes exactly this registration
	 */
	AutoCloseable add(ReleaseListener listener) {
		Registration registration = new Registration(listener);
		registrations.add(registration);
		return () -> registrations.remove(registration);
	}

	/**
	 * Hands a committed release to the notifier thread; once closed it is not delivered.
	 * @param release the release
	 */
	void deliver(Release release) {
		try {
			notifier.execute(() -> {
				for (Registration registration : registrations) {
					registration.deliver(release);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// closing: the release is committed, only the in-process notification is lost
			logger.debug("Store closing, not notifying listeners of " + release.target() + "@" + release.version());
		}
	}

	/** Delivers what was handed over, waiting up to 5 seconds, and stops the notifier. */
	@Override
	public void close() {
		notifier.shutdown();
		try {
			notifier.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** One watch; its own object so closing it removes exactly this registration. */
	private static final class Registration {

		private final ReleaseListener listener;

		Registration(ReleaseListener listener) {
			this.listener = listener;
		}

		void deliver(Release release) {
			try {
				listener.onRelease(release);
			}
			catch (RuntimeException ex) {
				logger.warn("Release listener " + listener + " failed on " + release.target() + "@"
						+ release.version(), ex);
			}
		}

	}

}
