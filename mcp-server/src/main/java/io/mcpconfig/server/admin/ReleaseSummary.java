package io.mcpconfig.server.admin;

import java.time.Instant;

import io.mcpconfig.server.release.Release;

/** A release as the publish and rollback endpoints answer it: everything but the properties. */
public record ReleaseSummary(String app, String env, long version, String checksum, String author, String comment,
		Instant publishedAt) {

	static ReleaseSummary of(Release release) {
		return new ReleaseSummary(release.target().app(), release.target().env(), release.version(),
				release.checksum(), release.author(), release.comment(), release.publishedAt());
	}

}
