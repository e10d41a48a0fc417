package io.mcpconfig.server.admin;

import java.time.Instant;
import java.util.Map;

import io.mcpconfig.server.release.Release;

/** A release with its properties, as the read endpoints answer it. */
public record ReleaseView(String app, String env, long version, String checksum, String author, String comment,
		Instant publishedAt, Map<String, String> properties) {

	static ReleaseView of(Release release) {
		return new ReleaseView(release.target().app(), release.target().env(), release.version(), release.checksum(),
				release.author(), release.comment(), release.publishedAt(), release.properties());
	}

}
