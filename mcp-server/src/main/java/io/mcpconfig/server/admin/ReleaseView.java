package io.mcpconfig.server.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.rollout.Overlay;

/**
 * A release with its base properties, as the read endpoints answer it, and the names of
 * the overlays and whether a gray release runs at it ({@code GET .../overlays} and
 * {@code GET .../gray} show them whole).
 */
public record ReleaseView(String app, String env, long version, String checksum, String author, String comment,
		Instant publishedAt, Map<String, String> properties, List<String> overlays, boolean gray) {

	static ReleaseView of(Release release) {
		return new ReleaseView(release.target().app(), release.target().env(), release.version(), release.checksum(),
				release.author(), release.comment(), release.publishedAt(), release.properties(),
				release.rollout().overlays().stream().map(Overlay::name).toList(), release.rollout().gray() != null);
	}

}
