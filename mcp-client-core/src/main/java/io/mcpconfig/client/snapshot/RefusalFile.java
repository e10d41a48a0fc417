package io.mcpconfig.client.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.mcpconfig.client.config.ConfigTarget;

/**
 * The release this instance last refused because the application would not take it,
 * kept beside the snapshot: {@code <snapshot-dir>/<app>/<env>.refused.json}. A running
 * instance that refuses a release keeps what it runs; one that restarts while the center
 * still serves that release would fail to start on it. With this file it starts from its
 * snapshot instead, and takes the release once it runs if it now can
 * ({@link io.mcpconfig.client.fallback.StartupFallback#loadSnapshotInsteadOf}). A release
 * that supersedes it (newer, or the refused one taken) deletes the file. Written
 * atomically and readable by its owner only, as the snapshot, since the reason may quote
 * a value.
 */
public final class RefusalFile {

	private static final String SUFFIX = ".refused.json";

	private static final int FORMAT = 1;

	private final ConfigTarget target;

	private final Path path;

	/**
	 * The refusal file of a target.
	 * @param directory the snapshot directory ({@code mcp.client.snapshot-dir})
	 * @param target the target
	 */
	public RefusalFile(Path directory, ConfigTarget target) {
		this.target = target;
		this.path = SnapshotFile.fileOf(directory, target, SUFFIX);
	}

	/**
	 * Records a refusal, replacing the one before.
	 * @throws IOException if it cannot be written; the file before, if any, is then unchanged
	 */
	public void write(Refusal refusal) throws IOException {
		String json = "{\n" //
				+ "  \"format\": " + FORMAT + ",\n" //
				+ "  \"app\": " + SnapshotFormat.quote(this.target.app()) + ",\n" //
				+ "  \"env\": " + SnapshotFormat.quote(this.target.env()) + ",\n" //
				+ "  \"version\": " + refusal.version() + ",\n" //
				+ "  \"checksum\": " + SnapshotFormat.quote(refusal.checksum()) + ",\n" //
				+ "  \"refusedAt\": " + SnapshotFormat.quote(refusal.refusedAt().toString()) + ",\n" //
				+ "  \"reason\": " + SnapshotFormat.quote(refusal.reason()) + "\n" //
				+ "}\n";
		SnapshotFile.writeAtomically(this.path, json);
	}

	/**
	 * The recorded refusal.
	 * @return it, or empty when none is recorded
	 * @throws IOException if the file cannot be read, or holds no refusal of this target
	 * ({@link InvalidSnapshotException}); the message names the file and why
	 */
	public Optional<Refusal> read() throws IOException {
		String json;
		try {
			json = Files.readString(this.path, StandardCharsets.UTF_8);
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		Map<?, ?> root = SnapshotFormat.parse(this.path, json);
		if (!Integer.valueOf(FORMAT).equals(root.get("format"))) {
			throw new InvalidSnapshotException(this.path, "format " + root.get("format") + " is not supported (this"
					+ " client reads format " + FORMAT + ")");
		}
		ConfigTarget target = SnapshotFormat.target(this.path, root);
		if (!target.equals(this.target)) {
			throw new InvalidSnapshotException(this.path, "it is a refusal of " + target + ", not of " + this.target);
		}
		if (!(root.get("version") instanceof Number version)) {
			throw new InvalidSnapshotException(this.path, "\"version\" is missing or not a number");
		}
		return Optional.of(new Refusal(version.longValue(), SnapshotFormat.text(this.path, root, "checksum"),
				SnapshotFormat.text(this.path, root, "reason"), SnapshotFormat.instant(this.path, root, "refusedAt")));
	}

	/**
	 * Forgets the refusal: the instance took a release since.
	 * @throws IOException if the file exists and cannot be deleted
	 */
	public void delete() throws IOException {
		Files.deleteIfExists(this.path);
	}

	@Override
	public String toString() {
		return this.path.toString();
	}

	/**
	 * A release the application refused.
	 * @param version its version
	 * @param checksum its checksum
	 * @param reason why, as the NACK said
	 * @param refusedAt when
	 */
	public record Refusal(long version, String checksum, String reason, Instant refusedAt) {

		/** Whether this is the refusal of that release. */
		public boolean is(long version, String checksum) {
			return this.version == version && this.checksum.equals(checksum);
		}

	}

}
