package io.mcpconfig.client.snapshot;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import io.mcpconfig.client.config.HeldConfig;

/**
 * Writes the snapshot of a release while it is being applied, on a thread of its own: the
 * file is written and forced to disk while the beans refresh, and replaces the snapshot
 * only once the application accepted the release, on the applying thread, before the
 * release is acknowledged. The applying thread then waits for one rename and its fsync,
 * not for the whole file. Releases are written one after another, in order; the thread
 * ends after a minute without one and is started again by the next.
 */
public final class SnapshotWriter implements AutoCloseable {

	/** Prefix of the writing thread's name. */
	public static final String THREAD_NAME_PREFIX = "mcp-snapshot-";

	private static final Duration IDLE = Duration.ofMinutes(1);

	private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

	private final SnapshotFile file;

	private final ThreadPoolExecutor writer;

	/**
	 * A writer of one snapshot file.
	 * @param file the snapshot file
	 */
	public SnapshotWriter(SnapshotFile file) {
		this.file = file;
		CustomizableThreadFactory threads = new CustomizableThreadFactory(THREAD_NAME_PREFIX);
		threads.setDaemon(true);
		this.writer = new ThreadPoolExecutor(1, 1, IDLE.toMillis(), TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
				threads);
		this.writer.allowCoreThreadTimeOut(true);
	}

	/**
	 * Starts writing a configuration beside the snapshot.
	 * @param config the configuration being applied
	 * @return the write, to {@linkplain Pending#replace(Duration) make the snapshot} once
	 * the application accepted the configuration, or to {@linkplain Pending#discard()
	 * discard} if it refused it
	 */
	public Pending start(HeldConfig config) {
		Instant savedAt = Instant.now();
		return new Pending(this.writer.submit(() -> this.file.prepare(config, savedAt)));
	}

	/**
	 * Stops the writing thread, waiting a bounded time for a write in progress.
	 */
	@Override
	public void close() {
		this.writer.shutdown();
		try {
			if (!this.writer.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.writer.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			this.writer.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return this.file.toString();
	}

	/** A configuration being written beside the snapshot. */
	public final class Pending {

		private final Future<SnapshotFile.Prepared> prepared;

		private Pending(Future<SnapshotFile.Prepared> prepared) {
			this.prepared = prepared;
		}

		/**
		 * Waits until the configuration is written, then makes it the snapshot.
		 * @param timeout how long to wait for the write
		 * @throws IOException if writing or renaming failed, or the write took longer
		 * than {@code timeout} (it is then discarded); the previous snapshot stays
		 */
		public void replace(Duration timeout) throws IOException {
			SnapshotFile.Prepared written;
			try {
				written = this.prepared.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				discard();
				throw new IOException("not written within " + timeout.toMillis() + " ms", ex);
			}
			catch (ExecutionException ex) {
				throw (ex.getCause() instanceof IOException io) ? io : new IOException(ex.getCause());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				discard();
				throw new IOException("interrupted while writing", ex);
			}
			written.replace();
		}

		/**
		 * Drops the configuration: once written, it is deleted on the writing thread, and
		 * the snapshot stays as it is. Never waits.
		 */
		public void discard() {
			try {
				SnapshotWriter.this.writer.execute(() -> {
					try {
						// done by now: the writer runs one task at a time, in order
						this.prepared.get().discard();
					}
					catch (ExecutionException | IOException ex) {
						// nothing was left behind, or a temporary file the next write does not read
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				});
			}
			catch (RejectedExecutionException ex) {
				// closing: the temporary file stays beside the snapshot, never read as one
			}
		}

	}

}
