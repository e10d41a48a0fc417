package io.mcpconfig.server.store;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

import io.mcpconfig.server.audit.ReleaseAudit;
import io.mcpconfig.server.release.Target;

/**
 * What to publish.
 *
 * @param target the target to publish to
 * @param change how the next release is built from the current one
 * @param expectedVersion when present, publish only if the target's current version is
 * exactly this (0 = the target has no release yet); otherwise a
 * {@link VersionConflictException}
 * @param author who publishes
 * @param comment free text, may be empty
 * @param audit how the release is recorded in the audit log, {@code null} for a release
 * nobody asked for by name (a shared layer taken in): the store keeps the entry with the
 * release
 */
public record PublishRequest(Target target, ReleaseChange change, OptionalLong expectedVersion, String author,
		String comment, ReleaseAudit audit) {

	public PublishRequest {
		Objects.requireNonNull(target, "target");
		Objects.requireNonNull(change, "change");
		expectedVersion = expectedVersion != null ? expectedVersion : OptionalLong.empty();
	}

	/** Not recorded in the audit log. */
	public PublishRequest(Target target, ReleaseChange change, OptionalLong expectedVersion, String author,
			String comment) {
		this(target, change, expectedVersion, author, comment, null);
	}

	/** New base properties, keeping the target's overlays and gray release. */
	public PublishRequest(Target target, Map<String, String> properties, OptionalLong expectedVersion, String author,
			String comment) {
		this(target, ReleaseChange.properties(properties), expectedVersion, author, comment);
	}

	public static PublishRequest of(Target target, Map<String, String> properties) {
		return new PublishRequest(target, properties, OptionalLong.empty(), null, null);
	}

	public PublishRequest expecting(long version) {
		return new PublishRequest(target, change, OptionalLong.of(version), author, comment, audit);
	}

}
