package io.mcpconfig.server.admin;

import java.io.IOException;

import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.TokenShares;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.security.TokenAuthenticationFilter;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Lets at most {@code mcp.server.limits.max-concurrent-release-reads} reads of stored
 * releases (histories, one release, a diff) in at once, and answers one more with 503 and
 * Retry-After. Such a read takes releases from disk or etcd into the heap, up to
 * {@code max-release-size} each: this bounds what all of them hold together, whatever
 * many clients ask at once. One token holds at most half of the places (429 beyond), so
 * that slow readers with one token cannot lock every other reader out. The current
 * release, which every center holds anyway, is read without a place.
 */
@Component
public class ReleaseReadGate {

	private final RequestPlaces places;

	private final TokenShares placesByToken;

	public ReleaseReadGate(McpServerProperties properties) {
		int count = properties.limits().maxConcurrentReleaseReads();
		this.places = new RequestPlaces(count, "reads of stored releases (histories, releases, diffs)",
				"mcp.server.limits.max-concurrent-release-reads", "try again");
		this.placesByToken = new TokenShares(Math.max(1, count / 2));
	}

	/**
	 * Runs a read if a place is free and its token holds less than its share, holding both
	 * until the read is done.
	 * @param request the read, whose token is counted
	 * @throws ErrorResponseException 503 with Retry-After when every place is taken, 429
	 * with Retry-After when the token holds its share
	 */
	public <T> T admit(HttpServletRequest request, RequestPlaces.Work<T> read) throws IOException {
		String token = TokenAuthenticationFilter.tokenOf(request).map(ApiToken::name).orElse(null);
		if (token != null && !this.placesByToken.take(token)) {
			throw RequestPlaces.refusal(HttpStatus.TOO_MANY_REQUESTS, "token '" + token + "' holds "
					+ this.placesByToken.maxPerToken() + " of the " + this.places.count() + " places for reads of stored"
					+ " releases (histories, releases, diffs), the most one token may hold (half of"
					+ " mcp.server.limits.max-concurrent-release-reads, one at least); try again once one of its reads is done");
		}
		try {
			return this.places.hold(read);
		}
		finally {
			if (token != null) {
				this.placesByToken.giveBack(token);
			}
		}
	}

}
