package io.mcpconfig.server.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of every error answer of the HTTP port: the admin API's, Spring's error page's
 * and Tomcat's own.
 *
 * @param error what is wrong, and where for a parse error
 * @param currentVersion on a version conflict, the target's current version
 * @param parameter on a {@code 400} about a path segment, query parameter or header, which
 * one; absent when the body is refused, so a client can tell its flags from its file
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, Long currentVersion, Parameter parameter) {

	public static ApiError of(String error) {
		return new ApiError(error, null, null);
	}

	/**
	 * A parameter of a request, located as OpenAPI locates them.
	 *
	 * @param in {@code path}, {@code query} or {@code header}
	 * @param name its name: the path variable's ({@code app}), the query parameter's, the header's
	 */
	public record Parameter(String in, String name) {

		public static Parameter path(String name) {
			return new Parameter("path", name);
		}

		public static Parameter query(String name) {
			return new Parameter("query", name);
		}

		public static Parameter header(String name) {
			return new Parameter("header", name);
		}

	}

}
