package io.mcpconfig.bench.app;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.refresh.ApplyTimings;
import io.mcpconfig.client.session.SyncObserver;

import org.springframework.stereotype.Component;

/** Each release the sync session applied, with when it reached each stage, in order. */
@Component
public class AppliedReleases implements SyncObserver {

	/** One applied release. */
	public record Applied(long version, ApplyTimings timings) {
	}

	private final BlockingQueue<Applied> applied = new LinkedBlockingQueue<>();

	@Override
	public void applied(HeldConfig config, ApplyTimings timings) {
		this.applied.add(new Applied(config.version(), timings));
	}

	/**
	 * Waits until a version is applied, dropping those before it.
	 * @param version the version
	 * @param timeout how long to wait
	 * @return the applied release
	 * @throws IllegalStateException if it was not applied in time
	 */
	public Applied await(long version, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			Applied next = this.applied.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			if (next == null) {
				throw new IllegalStateException("version " + version + " was not applied within " + timeout);
			}
			if (next.version() == version) {
				return next;
			}
		}
	}

}
