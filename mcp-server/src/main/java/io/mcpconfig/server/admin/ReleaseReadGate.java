package io.mcpconfig.server.admin;

import java.io.IOException;

import io.mcpconfig.server.McpServerProperties;

import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Lets at most {@code mcp.server.limits.max-concurrent-release-reads} reads of stored
 * releases (histories, one release, a diff) in at once, and answers one more with 503 and
 * Retry-After. Such a read takes releases from disk or etcd into the heap, up to
 * {@code max-release-size} each: this bounds what all of them hold together, whatever
 * many clients ask at once. The current release, which every center holds anyway, is
 * read without a place.
 */
@Component
public class ReleaseReadGate {

	private final RequestPlaces places;

	public ReleaseReadGate(McpServerProperties properties) {
		this.places = new RequestPlaces(properties.limits().maxConcurrentReleaseReads(),
				"reads of stored releases (histories, releases, diffs) are in progress, the most handled at once"
						+ " (mcp.server.limits.max-concurrent-release-reads); try again");
	}

	/**
	 * Runs a read if a place is free, holding it until the read is done.
	 * @throws ErrorResponseException 503 with Retry-After when every place is taken
	 */
	public <T> T admit(RequestPlaces.Work<T> read) throws IOException {
		return this.places.hold(read);
	}

}
