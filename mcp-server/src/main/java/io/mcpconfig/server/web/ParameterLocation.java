package io.mcpconfig.server.web;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.servlet.HandlerMapping;

/**
 * Where a request carries a value that a check deep in the center refused (an app name,
 * say): the same check serves names from the path, the query and the body, and only the
 * request knows which it was.
 */
public final class ParameterLocation {

	private ParameterLocation() {
	}

	/**
	 * @param request the request being answered
	 * @param name the name the value goes by ({@code app}, {@code env})
	 * @param value the refused value
	 * @return the path variable or query parameter that carries it, {@code null} when
	 * neither does (it came in the body)
	 */
	public static ApiError.Parameter of(HttpServletRequest request, String name, String value) {
		if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> path
				&& value.equals(path.get(name))) {
			return ApiError.Parameter.path(name);
		}
		if (QueryParameters.of(request).values(name).contains(value)) {
			return ApiError.Parameter.query(name);
		}
		return null;
	}

}
