package io.mcpconfig.server.store.etcd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.mcpconfig.server.release.ProfileDocument;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.SharedLayer;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.rollout.Rollout;
import io.mcpconfig.server.store.ContentDigest;

/**
 * The JSON of one release key: the fields of {@link Release} plus the id of the publish
 * attempt that wrote it, by which a publisher recognises its own commit after a lost
 * answer, and a {@link ContentDigest} of it all, verified on every read with the checksum.
 * Written as {@link EtcdJson} says.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ReleaseDocument(Target target, long version, String checksum, Map<String, String> properties, String author,
		String comment, Instant publishedAt, Rollout rollout, List<ProfileDocument> profiles, SharedLayer shared,
		String publishId) {

	static ReleaseDocument of(Release release, String publishId) {
		return new ReleaseDocument(release.target(), release.version(), release.checksum(), release.properties(),
				release.author(), release.comment(), release.publishedAt(),
				release.rollout().isEmpty() ? null : release.rollout(),
				release.profiles().isEmpty() ? null : release.profiles(), release.shared(), publishId);
	}

	/**
	 * Reads a release key.
	 * @throws IllegalStateException when the value is not an intact release of the key
	 */
	static Stored read(KeyValue keyValue, KeyLayout keys) {
		String key = keyValue.getKey().toString(StandardCharsets.UTF_8);
		ReleaseDocument document;
		Release release;
		ObjectNode tree;
		try {
			tree = (ObjectNode) EtcdJson.MAPPER.readTree(keyValue.getValue().getBytes());
			document = EtcdJson.MAPPER.treeToValue(tree, ReleaseDocument.class);
			release = document.toRelease();
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("etcd key " + key + " does not hold a release: " + ex.getMessage(), ex);
		}
		if (!keys.release(release.target(), release.version()).equals(keyValue.getKey())) {
			throw new IllegalStateException("etcd key " + key + " holds release " + release.target() + "@"
					+ release.version() + " of another key");
		}
		if (!release.isIntact()) {
			throw new IllegalStateException("etcd key " + key + " holds a release whose checksum does not match");
		}
		if (!ContentDigest.matches(tree, Set.of())) {
			throw new IllegalStateException("etcd key " + key + " holds a release whose content does not match its "
					+ ContentDigest.FIELD);
		}
		return new Stored(release, document.publishId());
	}

	ByteSequence toBytes() {
		try {
			return ByteSequence
				.from(EtcdJson.MAPPER.writeValueAsBytes(ContentDigest.seal(EtcdJson.MAPPER, this, Set.of())));
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot write release " + this.target + "@" + this.version + " as JSON",
					ex);
		}
	}

	private Release toRelease() {
		return new Release(this.target, this.version, this.checksum, this.properties, this.author, this.comment,
				this.publishedAt, this.rollout, this.profiles, this.shared);
	}

	/** A release read back, verified, with the id of the attempt that wrote it. */
	record Stored(Release release, String publishId) {
	}

}
