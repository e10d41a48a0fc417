package io.mcpconfig.server.release;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.server.rollout.Rollout;

/**
 * An immutable, numbered snapshot of a target's properties. Publishing never edits a
 * release; a rollback publishes a new one with old content.
 *
 * @param target what the release configures
 * @param version strictly increasing per target, starting at 1
 * @param checksum {@link ConfigChecksum} of {@code properties}
 * @param properties flat, sorted, unmodifiable
 * @param author who published it (token name or "anonymous")
 * @param comment free text given at publish time, may be empty
 * @param publishedAt when the store accepted it
 * @param rollout the target's overlays and gray release at this version; {@code checksum}
 * covers the base {@code properties} only
 * @param profiles the profile documents over {@code properties}, in document order
 * @param shared the shared layer of the env below it, {@code null} for none (and always for
 * the shared app itself)
 */
public record Release(Target target, long version, String checksum, Map<String, String> properties,
		String author, String comment, Instant publishedAt, Rollout rollout, List<ProfileDocument> profiles,
		SharedLayer shared) {

	/** The author of a release published without a token (security off). */
	public static final String ANONYMOUS = "anonymous";

	public Release {
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(checksum, "checksum");
		Objects.requireNonNull(publishedAt, "publishedAt");
		if (version < 1) {
			throw new IllegalArgumentException("version must be 1 or more, was " + version);
		}
		properties = Collections.unmodifiableSortedMap(new TreeMap<>(properties));
		author = author != null ? author : ANONYMOUS;
		comment = comment != null ? comment : "";
		rollout = (rollout != null) ? rollout : Rollout.NONE;
		profiles = (profiles != null) ? List.copyOf(profiles) : List.of();
	}

	/**
	 * A new release whose checksum is computed from its properties, published at a time
	 * kept in milliseconds: what the wire carries, so the API, history and clients show one
	 * time on every store (releases an older etcd store kept in microseconds read as kept).
	 */
	public static Release of(Target target, long version, ReleaseContent content, String author, String comment,
			Instant publishedAt) {
		return new Release(target, version, ConfigChecksum.of(content.documents().properties()),
				content.documents().properties(), author, comment, publishedAt.truncatedTo(ChronoUnit.MILLIS),
				content.rollout(), content.documents().profiles(), content.shared());
	}

	/** Its own configuration: the plain properties and the profile documents. */
	public ConfigDocuments documents() {
		return new ConfigDocuments(properties, profiles);
	}

	/** What it holds, to build the next release from. */
	public ReleaseContent content() {
		return new ReleaseContent(documents(), shared, rollout);
	}


	/** Whether the stored checksum still matches the properties (guards against corrupt storage). */
	public boolean isIntact() {
		return checksum.equals(ConfigChecksum.of(properties));
	}

}
