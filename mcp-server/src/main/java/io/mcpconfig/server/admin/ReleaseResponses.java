package io.mcpconfig.server.admin;

import java.net.URI;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.web.InvalidParameterException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;

/**
 * The version preconditions and answers of every admin request that makes a release: a
 * publish, a rollback, an overlay or gray change. The ETag is the release version, and
 * {@code If-Match} names the version expected to be current.
 */
public final class ReleaseResponses {

	private static final Pattern IF_MATCH = Pattern.compile("\"(\\d{1,18})\"|(\\d{1,18})");

	private ReleaseResponses() {
	}

	/** The answer to a request that made {@code release}: 201 for a target's first release. */
	public static ResponseEntity<ReleaseSummary> published(Release release) {
		Target target = release.target();
		if (release.version() == 1) {
			URI location = URI.create("/api/v1/configs/" + target.app() + "/" + target.env() + "/releases/1");
			return ResponseEntity.created(location).eTag(eTag(release)).body(ReleaseSummary.of(release));
		}
		return ResponseEntity.ok().eTag(eTag(release)).body(ReleaseSummary.of(release));
	}

	public static String eTag(Release release) {
		return "\"" + release.version() + "\"";
	}

	/**
	 * {@code "3"} or {@code 3}: change only if version 3 is current (0: no release yet).
	 * @param ifMatch the header, {@code null} when absent
	 * @throws InvalidParameterException when it is not a version
	 */
	public static OptionalLong expectedVersion(String ifMatch) {
		if (ifMatch == null) {
			return OptionalLong.empty();
		}
		Matcher matcher = IF_MATCH.matcher(ifMatch.trim());
		if (!matcher.matches()) {
			throw InvalidParameterException.header(HttpHeaders.IF_MATCH, "If-Match must be the version you expect to be"
					+ " current, e.g. \"3\" (\"0\" when the target has no release yet), was: " + ifMatch);
		}
		return OptionalLong.of(Long.parseLong(matcher.group(1) != null ? matcher.group(1) : matcher.group(2)));
	}

}
