package io.mcpconfig.server.admin;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer of the admin API.
 *
 * @param error what is wrong, and where for a parse error
 * @param currentVersion on a version conflict, the target's current version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, Long currentVersion) {

	static ApiError of(String error) {
		return new ApiError(error, null);
	}

}
