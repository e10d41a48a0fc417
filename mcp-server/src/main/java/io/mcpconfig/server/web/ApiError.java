package io.mcpconfig.server.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer of the HTTP port: the admin API's, Spring's error page's
 * and Tomcat's own.
 *
 * @param error what is wrong, and where for a parse error
 * @param currentVersion on a version conflict, the target's current version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, Long currentVersion) {

	public static ApiError of(String error) {
		return new ApiError(error, null);
	}

}
