package io.mcpconfig.server.store.file;

import java.io.IOException;

/**
 * Group commit of appends to one file: each append is numbered when written, and its
 * writer waits until a force covers that number. Whoever waits while no force runs forces
 * the file for every append written so far; the others wait for that force rather than
 * running their own, so N appends that arrive during one fsync share the next one instead
 * of queueing N fsyncs behind a lock.
 */
final class GroupForce {

	private final Object monitor = new Object();

	/** The number of the last append written (not necessarily forced). */
	private long written;

	/** Every append up to this number is on disk. */
	private long forced;

	private boolean forcing;

	/**
	 * Numbers an append whose bytes were just written; the caller holds the writer's lock,
	 * so numbers follow the order of the bytes in the file.
	 */
	long written() {
		synchronized (this.monitor) {
			return ++this.written;
		}
	}

	/** Every append up to now is on disk by other means (a file replaced by a forced copy). */
	void allForced() {
		synchronized (this.monitor) {
			this.forced = this.written;
			this.monitor.notifyAll();
		}
	}

	/**
	 * Returns once append {@code number} is on disk, forcing the file when no one else is.
	 * @param number what {@link #written()} gave the append
	 * @param force forces the file as it is now
	 * @throws IOException when a force this thread ran failed; the append may or may not be
	 * on disk
	 * @throws InterruptedException when interrupted while another thread forced
	 */
	void awaitForced(long number, Force force) throws IOException, InterruptedException {
		while (true) {
			long upTo;
			synchronized (this.monitor) {
				while (this.forcing && this.forced < number) {
					this.monitor.wait();
				}
				if (this.forced >= number) {
					return;
				}
				this.forcing = true;
				upTo = this.written;
			}
			boolean done = false;
			try {
				done = force.force();
			}
			finally {
				synchronized (this.monitor) {
					this.forcing = false;
					if (done) {
						this.forced = Math.max(this.forced, upTo);
					}
					this.monitor.notifyAll();
				}
			}
		}
	}

	/** Forces the file. */
	@FunctionalInterface
	interface Force {

		/**
		 * @return {@code false} when the file was replaced while forcing (its forced copy
		 * then covers what was written, see {@link #allForced()}): ask again
		 */
		boolean force() throws IOException;

	}

}
