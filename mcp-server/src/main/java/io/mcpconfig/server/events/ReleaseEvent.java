package io.mcpconfig.server.events;

import io.mcpconfig.server.release.Release;

/**
 * The data of a {@code release} event: a new release of a target, without its properties
 * (the page reads what it shows through the API).
 */
record ReleaseEvent(String app, String env, long version, String checksum, String author, String comment) {

	static ReleaseEvent of(Release release) {
		return new ReleaseEvent(release.target().app(), release.target().env(), release.version(), release.checksum(),
				release.author(), release.comment());
	}

}
