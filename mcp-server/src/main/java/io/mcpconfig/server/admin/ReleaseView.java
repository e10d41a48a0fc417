package io.mcpconfig.server.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.mcpconfig.server.release.ContentSize;
import io.mcpconfig.server.release.ProfileDocument;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.rollout.Overlay;

/**
 * A release with its base properties and profile documents, as the read endpoints answer
 * it, the version of the shared layer it holds, and the names of the overlays and whether
 * a gray release runs at it ({@code GET .../overlays} and {@code GET .../gray} show them
 * whole).
 *
 * @param properties its base properties; absent in a summary
 * @param profiles the profile documents, in order; absent when there are none, and in a
 * summary
 * @param keys how many base properties it has
 * @param sharedVersion the version of the env's shared layer ({@code application}) below
 * it; absent when there is none
 * @param size the UTF-8 bytes of every key and value it holds (shared layer, overlays and
 * gray included), as {@code mcp.server.limits.max-release-size} counts them: how close it
 * is to that limit
 */
public record ReleaseView(String app, String env, long version, String checksum, String author, String comment,
		Instant publishedAt, @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> properties,
		@JsonInclude(JsonInclude.Include.NON_EMPTY) List<ProfileDocument> profiles, int keys,
		@JsonInclude(JsonInclude.Include.NON_NULL) Long sharedVersion, List<String> overlays, boolean gray,
		long size) {

	static ReleaseView of(Release release) {
		return of(release, true);
	}

	/**
	 * @param release the release
	 * @param content whether to include its properties and profile documents; without them
	 * it is a summary, as a list of releases needs
	 */
	static ReleaseView of(Release release, boolean content) {
		return new ReleaseView(release.target().app(), release.target().env(), release.version(), release.checksum(),
				release.author(), release.comment(), release.publishedAt(), content ? release.properties() : null,
				content ? release.profiles() : List.of(), release.properties().size(),
				(release.shared() != null) ? release.shared().version() : null,
				release.rollout().overlays().stream().map(Overlay::name).toList(), release.rollout().gray() != null,
				ContentSize.of(release.content()).total());
	}

}
