package io.mcpconfig.client.fallback;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

import org.apache.commons.logging.Log;

import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.local.LocalFileException;
import io.mcpconfig.client.snapshot.InvalidSnapshotException;
import io.mcpconfig.client.snapshot.ProfilesAndLabels;
import io.mcpconfig.client.snapshot.Snapshot;
import io.mcpconfig.client.snapshot.RefusalFile;
import io.mcpconfig.client.snapshot.SnapshotFile;

/**
 * What an instance starts with when the config center cannot be reached, in order: the
 * local snapshot of the last configuration the center served it, if it is intact, belongs
 * to the same target and was served for the same active profiles and labels (the
 * directory may be shared with instances the center serves otherwise); else the user's
 * fallback YAML. A snapshot that cannot serve is skipped with a warning that names it and
 * says why; it never stops the start-up. The snapshot also serves in place of a release
 * this instance refused before ({@link #loadSnapshotInsteadOf}).
 */
public final class StartupFallback {

	private final ConfigTarget target;

	private final ProfilesAndLabels instance;

	private final SnapshotFile snapshot;

	private final RefusalFile refusal;

	private final FallbackFile fallback;

	private final Log log;

	/**
	 * The fallback of a client.
	 * @param client the client, whose settings name the snapshot directory and the
	 * fallback location
	 * @param log where to report what is used or skipped (at start-up, a deferred log)
	 */
	public StartupFallback(McpConfigClient client, Log log) {
		this.target = client.target();
		this.instance = client.profilesAndLabels();
		this.snapshot = client.snapshotFile();
		this.refusal = client.refusalFile();
		this.fallback = new FallbackFile(client.properties().getFallbackLocation());
		this.log = log;
	}

	/**
	 * Reads the first local configuration that can serve.
	 * @param unreachable why the config center could not serve, for the log
	 * @return the snapshot (source {@code SNAPSHOT}) or the fallback (source
	 * {@code FALLBACK}), or empty when neither can serve
	 * @throws LocalFileException if the fallback file exists but is not valid YAML
	 */
	public Optional<HeldConfig> load(String unreachable) {
		Instant now = Instant.now();
		Optional<Snapshot> snapshot = readSnapshot(now);
		if (snapshot.isPresent()) {
			HeldConfig config = snapshot.get().config();
			this.log.warn(unreachable + ". Starting from the local snapshot " + this.snapshot + " of version "
					+ config.version() + " (saved at " + snapshot.get().savedAt()
					+ ") until the config center answers.");
			return Optional.of(config);
		}
		Optional<HeldConfig> fallback = this.fallback.read(this.target, now);
		fallback.ifPresent((config) -> this.log.warn(unreachable + ". Starting from the fallback " + this.fallback
				+ " (" + config.properties().size() + " properties) until the config center answers."));
		return fallback;
	}

	/**
	 * The snapshot in place of the release the config center serves, when this instance
	 * refused that very release before ({@link RefusalFile}): the application would not
	 * take it running, and would fail to start on it. The release is offered again once
	 * the application runs, and taken if the application now can (new code, say).
	 * @param fetched what the center serves
	 * @return the snapshot (source {@code SNAPSHOT}), or empty when this instance did not
	 * refuse the release, or no snapshot can serve (the start goes on with the release)
	 */
	public Optional<HeldConfig> loadSnapshotInsteadOf(HeldConfig fetched) {
		Optional<RefusalFile.Refusal> refused = readRefusal().filter((r) -> r.is(fetched.version(), fetched.checksum()));
		if (refused.isEmpty()) {
			return Optional.empty();
		}
		Optional<Snapshot> snapshot = readSnapshot(Instant.now());
		HeldConfig config = snapshot.map(Snapshot::config).orElse(null);
		if (config != null && config.version() == fetched.version() && config.checksum().equals(fetched.checksum())) {
			return Optional.empty(); // taken since: the refusal is old news
		}
		String why = "Version " + fetched.version() + " of " + this.target + ", which the config center serves, was"
				+ " refused by this instance at " + refused.get().refusedAt() + " (" + refused.get().reason() + ")";
		if (config == null) {
			this.log.warn(why + ". There is no usable snapshot to start from instead: starting on it.");
			return Optional.empty();
		}
		this.log.warn(why + ". Starting from the local snapshot " + this.snapshot + " of version " + config.version()
				+ " (saved at " + snapshot.get().savedAt() + ") instead; the release is offered again once the"
				+ " application runs, and taken if it now can be.");
		return Optional.of(config);
	}

	/**
	 * What was looked for, for a message when nothing could serve.
	 * @return e.g. {@code no usable snapshot at /home/app/.mcp/snapshots/shop/prod.snapshot.json
	 * and no fallback at classpath:config-local.yaml}
	 */
	public String lookedFor() {
		return "no usable snapshot at " + this.snapshot + " and no fallback at " + this.fallback;
	}

	private Optional<RefusalFile.Refusal> readRefusal() {
		try {
			return this.refusal.read();
		}
		catch (InvalidSnapshotException ex) {
			this.log.warn("Ignoring the MCP Config refusal record " + ex.getMessage());
		}
		catch (IOException | RuntimeException ex) {
			this.log.warn("Ignoring the MCP Config refusal record " + this.refusal + ": " + ex);
		}
		return Optional.empty();
	}

	private Optional<Snapshot> readSnapshot(Instant now) {
		try {
			Optional<Snapshot> snapshot = this.snapshot.read(now);
			if (snapshot.isPresent() && !snapshot.get().isFor(this.instance)) {
				this.log.warn("Skipping the MCP Config snapshot " + this.snapshot + ": it was served for "
						+ snapshot.get().servedFor() + ", this instance has " + this.instance
						+ ", and the center may serve it another configuration. Give each differently configured "
						+ "instance its own mcp.client.snapshot-dir.");
				return Optional.empty();
			}
			return snapshot;
		}
		catch (InvalidSnapshotException ex) {
			this.log.warn("Skipping the MCP Config snapshot " + ex.getMessage());
		}
		catch (IOException | RuntimeException ex) {
			this.log.warn("Skipping the MCP Config snapshot " + this.snapshot + ": " + ex);
		}
		return Optional.empty();
	}

}
