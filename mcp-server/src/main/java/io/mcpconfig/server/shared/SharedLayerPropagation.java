package io.mcpconfig.server.shared;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.mcpconfig.server.DaemonThreads;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.SharedLayer;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.store.NoReleaseException;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseChange;
import io.mcpconfig.server.store.ReleaseListener;
import io.mcpconfig.server.store.ReleaseStore;
import io.mcpconfig.server.store.ReleaseTooLargeException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Takes each release of an env's shared layer ({@code application/{env}}) into a new
 * release of every application of that env, so an application's versions stay the one
 * line its instances follow, and delta, ACK/NACK, history and rollback work for the
 * shared layer as for any release.
 * <p>
 * Idempotent and safe on every replica at once: a target that holds the shared version,
 * or a layer saying the same, is left as it is, inside the store's compare-and-set. It runs on start (to
 * finish what a stopped center left half done), on each shared release, and on each
 * application release that holds an older shared layer than the env's (a first publish
 * that raced a shared one). A store failure is tried again after {@link #RETRY}; a
 * release the layer would make too large is logged and left, since trying again cannot
 * help.
 */
@Component
public class SharedLayerPropagation implements SmartLifecycle {

	/** The author of the releases it publishes. */
	public static final String AUTHOR = "mcp-server";

	private static final Duration RETRY = Duration.ofSeconds(5);

	private static final Log logger = LogFactory.getLog(SharedLayerPropagation.class);

	private final ReleaseStore store;

	/** The newest shared layer seen per env, to tell a lagging application release without a read. */
	private final ConcurrentHashMap<String, SharedLayer> sharedLayers = new ConcurrentHashMap<>();

	private volatile ScheduledThreadPoolExecutor executor;

	private volatile AutoCloseable watch;

	private final Duration retry;

	@Autowired
	public SharedLayerPropagation(ReleaseStore store) {
		this(store, RETRY);
	}

	/** @param retry how long after a store failure it tries again */
	SharedLayerPropagation(ReleaseStore store, Duration retry) {
		this.store = store;
		this.retry = retry;
	}

	@Override
	public void start() {
		this.executor = DaemonThreads.singleScheduled("mcp-shared-layer-");
		this.watch = this.store.watch(new ReleaseListener() {

			@Override
			public void onRelease(Release release) {
				released(release, false);
			}

			@Override
			public void onRestored(Release current) {
				released(current, true);
			}

		});
		this.executor.execute(this::propagateAll);
	}

	@Override
	public void stop() {
		AutoCloseable registration = this.watch;
		this.watch = null;
		if (registration != null) {
			try {
				registration.close();
			}
			catch (Exception ex) {
				logger.debug("closing the release watch failed", ex);
			}
		}
		this.executor.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.watch != null;
	}

	/**
	 * Called on the store's delivery thread: only hands the work over. A restored store
	 * (etcd back to a snapshot) may hold an older shared layer than the one seen.
	 */
	private void released(Release release, boolean restored) {
		Target target = release.target();
		if (target.isShared()) {
			SharedLayer layer = SharedLayer.of(release);
			if (restored) {
				this.sharedLayers.put(target.env(), layer);
			}
			else {
				this.sharedLayers.merge(target.env(), layer,
						(seen, offered) -> (offered.version() > seen.version()) ? offered : seen);
			}
			submit(() -> propagate(target.env()));
			return;
		}
		SharedLayer shared = this.sharedLayers.get(target.env());
		if (shared != null && shared.supersedes(release.shared())) {
			submit(() -> propagate(target.env()));
		}
	}

	private void propagateAll() {
		try {
			this.store.targets().stream().filter(Target::isShared).forEach((shared) -> propagate(shared.env()));
		}
		catch (RuntimeException ex) {
			retryLater(this::propagateAll, "the shared layers", ex);
		}
	}

	private void propagate(String env) {
		Optional<Release> shared;
		try {
			shared = this.store.current(new Target(Target.SHARED_APP, env));
		}
		catch (RuntimeException ex) {
			retryLater(() -> propagate(env), "the shared layer of " + env, ex);
			return;
		}
		if (shared.isEmpty()) {
			return;
		}
		// the store's current one: after a restore it may be older than a version seen before
		SharedLayer layer = SharedLayer.of(shared.get());
		this.sharedLayers.put(env, layer);
		String comment = "shared layer " + shared.get().target() + " v" + layer.version();
		List<Target> targets;
		try {
			targets = this.store.targets();
		}
		catch (RuntimeException ex) {
			retryLater(() -> propagate(env), "the shared layer of " + env, ex);
			return;
		}
		RuntimeException failed = null;
		for (Target target : targets) {
			if (target.env().equals(env) && !target.isShared()) {
				// one application the store refuses must not keep the layer from the others
				try {
					publish(target, layer, comment);
				}
				catch (RuntimeException ex) {
					failed = ex;
				}
			}
		}
		if (failed != null) {
			retryLater(() -> propagate(env), "the shared layer of " + env, failed);
		}
	}

	private void publish(Target target, SharedLayer layer, String comment) {
		try {
			Release release = this.store.publish(new PublishRequest(target, ReleaseChange.shared(layer),
					OptionalLong.empty(), AUTHOR, comment));
			if (logger.isDebugEnabled()) {
				logger.debug(target + " is at " + release.version() + " with the shared layer v" + layer.version());
			}
		}
		catch (NoReleaseException ex) {
			// listed a moment ago without a release (a refused first publish): nothing to take it into
		}
		catch (ReleaseTooLargeException ex) {
			// trying again cannot help; the target's next release, or the next shared one, tries again
			logger.error("Could not take the shared layer v" + layer.version() + " into " + target
					+ "; its instances keep the shared layer they have: " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException(target + ": " + ex.getMessage(), ex);
		}
	}

	private void submit(Runnable task) {
		try {
			this.executor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			// stopping: the next start propagates whatever this missed
		}
	}

	private void retryLater(Runnable task, String what, RuntimeException ex) {
		logger.warn("Could not take " + what + " into every application; trying again in " + this.retry.toMillis()
				+ " ms: " + ex.getMessage());
		try {
			this.executor.schedule(task, this.retry.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException stopping) {
			// the next start propagates it
		}
	}

}
