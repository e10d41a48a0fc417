package io.mcpconfig.client.local;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;


import io.mcpconfig.client.StartedWhenReady;
import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.refresh.ConfigApplier;
import io.mcpconfig.client.validation.ConfigRejectedException;

/**
 * Hot-reloads {@code mcp.client.local-file}: watches the file's directory and, once it has
 * been quiet for {@value #QUIET_MILLIS} ms after a change, reads the file again and
 * applies it through the same {@link ConfigApplier} as a release of the config center
 * (binding check, validators, swap, {@code ConfigChangeEvent}, refresh), as the next
 * local version. Watching the directory rather than the file sees editors that save in
 * place as well as those that write aside and rename over it, and Kubernetes volumes that
 * swap a symbolic link; an event that leaves the content unchanged changes nothing.
 * <p>
 * An edit that is not valid YAML, that the application refuses, or a deleted file keeps
 * the previous configuration, with one warning per problem. Starts when the application is
 * ready, catching up with edits made since the start-up read; runs on one daemon thread,
 * {@value #THREAD_NAME}, stopped with the context.
 */
public class LocalFileWatcher extends StartedWhenReady {

	/** Name of the watcher thread. */
	public static final String THREAD_NAME = "mcp-local-file";

	static final long QUIET_MILLIS = 100;

	private static final Log logger = LogFactory.getLog(LocalFileWatcher.class);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

	private final McpConfigClient client;

	private final ConfigApplier applier;

	private final LocalConfigFile file;

	private final Object lifecycleMonitor = new Object();

	private WatchService watchService;

	private Thread thread;

	// Confined to the watcher thread.
	private String lastProblem;

	private String refusedChecksum;

	public LocalFileWatcher(McpConfigClient client, ConfigApplier applier) {
		if (!client.servesLocalFile()) {
			throw new IllegalArgumentException(client + " does not serve mcp.client.local-file");
		}
		this.client = client;
		this.applier = applier;
		this.file = new LocalConfigFile(client.properties().getLocalFile(), client.target());
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.thread != null) {
				return;
			}
			Path directory = this.file.path().getParent();
			WatchService watching = null;
			try {
				watching = directory.getFileSystem().newWatchService();
				directory.register(watching, StandardWatchEventKinds.ENTRY_CREATE,
						StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
			}
			catch (IOException ex) {
				closeQuietly(watching);
				logger.warn("Cannot watch " + directory + " for changes of " + this.file + " (" + ex
						+ "): its edits are applied after a restart only");
				return;
			}
			WatchService started = watching;
			Thread watcher = new Thread(() -> watch(started), THREAD_NAME);
			watcher.setDaemon(true);
			this.watchService = started;
			this.thread = watcher;
			watcher.start();
		}
	}

	@Override
	public void stop() {
		WatchService watching;
		Thread watcher;
		synchronized (this.lifecycleMonitor) {
			watching = this.watchService;
			watcher = this.thread;
			this.watchService = null;
			this.thread = null;
		}
		if (watcher == null) {
			return;
		}
		// Wakes the thread up in take() or poll() with ClosedWatchServiceException.
		closeQuietly(watching);
		try {
			watcher.join(STOP_TIMEOUT.toMillis());
			if (watcher.isAlive()) {
				logger.warn("The watcher of " + this.file + " did not stop within " + STOP_TIMEOUT + "; interrupting it");
				watcher.interrupt();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		synchronized (this.lifecycleMonitor) {
			return this.thread != null;
		}
	}

	private void watch(WatchService watching) {
		try {
			while (true) {
				// Editors write in steps (truncate then write, or write aside then rename):
				// read the file once nothing has happened for a moment.
				awaitQuiet(watching);
				reload(watching);
				drain(watching.take());
			}
		}
		catch (ClosedWatchServiceException | InterruptedException ex) {
			// stopped
		}
	}

	private void awaitQuiet(WatchService watching) throws InterruptedException {
		WatchKey more;
		while ((more = watching.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null) {
			drain(more);
		}
	}

	private void drain(WatchKey key) {
		// Which entry changed does not matter: the file is read again and compared.
		key.pollEvents();
		if (!key.reset()) {
			logger.warn("The directory of " + this.file + " is gone: its edits are applied after a restart only");
		}
	}

	private void reload(WatchService watching) throws InterruptedException {
		HeldConfig held = this.client.held();
		Optional<HeldConfig> read;
		LocalFileException unreadable;
		while (true) {
			try {
				read = this.file.read(held.version() + 1, Instant.now());
				unreadable = null;
			}
			catch (LocalFileException ex) {
				read = Optional.empty();
				unreadable = ex;
			}
			// A change while reading may have shown half a write: read again once quiet.
			WatchKey during = watching.poll();
			if (during == null) {
				break;
			}
			drain(during);
			awaitQuiet(watching);
		}
		try {
			if (unreadable != null) {
				problem(unreadable.getMessage() + "; keeping version " + held.version());
			}
			else if (read.isEmpty()) {
				problem(this.file + " is gone; keeping version " + held.version() + " of its configuration");
			}
			else if (isNew(held, read.get())) {
				apply(held, read.get());
			}
		}
		catch (RuntimeException ex) {
			logger.error("Reloading " + this.file + " failed", ex);
		}
	}

	private boolean isNew(HeldConfig held, HeldConfig next) {
		boolean unchanged = held.source() == ConfigSource.LOCAL_FILE && next.checksum().equals(held.checksum());
		return !unchanged && !next.checksum().equals(this.refusedChecksum);
	}

	private void apply(HeldConfig held, HeldConfig next) {
		try {
			this.applier.apply(next);
			this.lastProblem = null;
			this.refusedChecksum = null;
		}
		catch (ConfigRejectedException ex) {
			this.refusedChecksum = next.checksum();
			problem("Not applying the edit of " + this.file + ": " + ex.getMessage() + "; keeping version "
					+ held.version());
		}
	}

	private void problem(String message) {
		if (!message.equals(this.lastProblem)) {
			logger.warn(message);
			this.lastProblem = message;
		}
	}

	private static void closeQuietly(WatchService watching) {
		if (watching != null) {
			try {
				watching.close();
			}
			catch (IOException ex) {
				logger.debug("Closing a watch service failed", ex);
			}
		}
	}

}
