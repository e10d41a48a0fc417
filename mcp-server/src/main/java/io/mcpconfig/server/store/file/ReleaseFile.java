package io.mcpconfig.server.store.file;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpconfig.server.audit.AuditEntry;
import io.mcpconfig.server.release.ProfileDocument;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.SharedLayer;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.rollout.Rollout;
import io.mcpconfig.server.store.ContentDigest;
import io.mcpconfig.server.store.StoredJson;

/**
 * The on-disk JSON form of one release. Its own mapper ({@link StoredJson}), so the file
 * format does not change with the application's Jackson settings. Besides the fields
 * below, the file holds a {@link ContentDigest} of them all but {@code audit}, verified on
 * every read with the checksum.
 *
 * @param format version of this file format, 1
 * @param app the target's app
 * @param env the target's env
 * @param version the release version
 * @param checksum the checksum computed at publish time, verified on every read
 * @param author who published it
 * @param comment free text
 * @param publishedAt when the store accepted it
 * @param properties the configuration
 * @param rollout overlays and gray release, absent when there are none
 * @param profiles profile documents, absent when there are none
 * @param shared the shared layer below, absent when there is none
 * @param audit the release's audit entry, absent when it has none: the audit log appends it
 * from here if a crash kept it from the log. Kept as a tree, read with the audit log's own
 * mapper: this file's stricter one must not make a release unreadable for its entry
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ReleaseFile(int format, String app, String env, long version, String checksum, String author,
		String comment, Instant publishedAt, Map<String, String> properties, Rollout rollout,
		List<ProfileDocument> profiles, SharedLayer shared, JsonNode audit) {

	static final int FORMAT = 1;

	/** Kept beside the release, not part of it: its digest leaves it out. */
	private static final Set<String> BESIDE_DIGEST = Set.of("audit");

	private static final ObjectMapper MAPPER = StoredJson.mapper()
		.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
		.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
		.build();

	static byte[] write(Release release, AuditEntry audit) {
		ReleaseFile file = new ReleaseFile(FORMAT, release.target().app(), release.target().env(),
				release.version(), release.checksum(), release.author(), release.comment(), release.publishedAt(),
				release.properties(), release.rollout().isEmpty() ? null : release.rollout(),
				release.profiles().isEmpty() ? null : release.profiles(), release.shared(),
				(audit != null) ? FileAuditStore.MAPPER.valueToTree(audit) : null);
		try {
			return MAPPER.writerWithDefaultPrettyPrinter()
				.writeValueAsBytes(ContentDigest.seal(MAPPER, file, BESIDE_DIGEST));
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot serialize release " + release.target() + "@" + release.version(),
					ex);
		}
	}

	/**
	 * The audit entry a release file keeps.
	 * @throws CorruptReleaseException when the bytes are not a release document
	 */
	static Optional<AuditEntry> auditEntry(byte[] bytes) {
		Parsed parsed = parse(bytes);
		ReleaseFile file = (parsed != null) ? parsed.file() : null;
		if (file == null || file.audit() == null || file.audit().isNull()) {
			return Optional.empty();
		}
		try {
			return Optional.of(FileAuditStore.MAPPER.treeToValue(file.audit(), AuditEntry.class));
		}
		catch (JsonProcessingException | IllegalArgumentException ex) {
			throw new CorruptReleaseException("its audit entry cannot be read: " + ex.getMessage());
		}
	}

	/**
	 * Parse and verify a release file.
	 * @throws CorruptReleaseException when the bytes are not a complete, intact release of
	 * the expected target and version
	 */
	static Release read(byte[] bytes, Target expectedTarget, long expectedVersion) {
		return readWithAuditId(bytes, expectedTarget, expectedVersion).release();
	}

	/**
	 * As {@link #read}, with the id of the audit entry the file keeps.
	 * @throws CorruptReleaseException when the bytes are not a complete, intact release of
	 * the expected target and version
	 */
	static Read readWithAuditId(byte[] bytes, Target expectedTarget, long expectedVersion) {
		Parsed parsed = parse(bytes);
		if (parsed == null) {
			throw new CorruptReleaseException("empty file");
		}
		ReleaseFile file = parsed.file();
		if (file.format() != FORMAT) {
			throw new CorruptReleaseException("unknown format " + file.format());
		}
		if (file.properties() == null || file.checksum() == null || file.publishedAt() == null) {
			throw new CorruptReleaseException("properties, checksum or publishedAt missing");
		}
		Release release;
		try {
			release = new Release(new Target(file.app(), file.env()), file.version(), file.checksum(),
					file.properties(), file.author(), file.comment(), file.publishedAt(), file.rollout(),
					file.profiles(), file.shared());
		}
		catch (RuntimeException ex) {
			throw new CorruptReleaseException(ex.getMessage());
		}
		if (!release.target().equals(expectedTarget) || release.version() != expectedVersion) {
			throw new CorruptReleaseException("holds " + release.target() + "@" + release.version()
					+ " where " + expectedTarget + "@" + expectedVersion + " belongs");
		}
		if (!release.isIntact()) {
			throw new CorruptReleaseException("checksum does not match the properties");
		}
		if (!ContentDigest.matches(parsed.tree(), BESIDE_DIGEST)) {
			throw new CorruptReleaseException("its content (profile documents, shared layer, overlays, gray release"
					+ " or details) does not match the " + ContentDigest.FIELD + " it was written with");
		}
		return new Read(release, (file.audit() != null) ? file.audit().path("id").textValue() : null);
	}

	/**
	 * A verified release.
	 *
	 * @param release the release
	 * @param auditId the id of the audit entry its file keeps, {@code null} for none
	 */
	record Read(Release release, String auditId) {
	}

	/** The file as parsed: its tree, for the digest, and the release document. */
	private record Parsed(ObjectNode tree, ReleaseFile file) {
	}

	/** The file parsed, {@code null} when it is empty. */
	private static Parsed parse(byte[] bytes) {
		try {
			JsonNode tree = MAPPER.readTree(bytes);
			if (tree == null || tree.isMissingNode()) {
				return null;
			}
			if (!(tree instanceof ObjectNode object)) {
				throw new CorruptReleaseException("not a release document: its JSON is no object");
			}
			return new Parsed(object, MAPPER.treeToValue(object, ReleaseFile.class));
		}
		catch (JsonProcessingException ex) {
			throw new CorruptReleaseException("not a complete release document: " + ex.getOriginalMessage());
		}
		catch (IOException ex) {
			throw new CorruptReleaseException("cannot be parsed: " + ex);
		}
	}

	/** A release file that must not be served; the message says why. */
	static class CorruptReleaseException extends RuntimeException {

		CorruptReleaseException(String message) {
			super(message);
		}

	}

}
