package io.mcpconfig.server.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The parameters of a request's query string, names and values decoded as Tomcat decodes
 * them ({@code %XX} as UTF-8, {@code +} as a space), in the order they came. Read from the
 * query string alone: asking the request for its parameters would read a form-encoded
 * POST body, and every body the center reads goes through its upload limits.
 *
 * @param values each name with its values
 */
record QueryParameters(Map<String, List<String>> values) {

	QueryParameters {
		Map<String, List<String>> copy = new LinkedHashMap<>();
		values.forEach((name, given) -> copy.put(name, List.copyOf(given)));
		values = Collections.unmodifiableMap(copy);
	}

	static QueryParameters of(HttpServletRequest request) {
		String query = request.getQueryString();
		Map<String, List<String>> values = new LinkedHashMap<>();
		if (query != null) {
			for (String pair : query.split("&")) {
				if (pair.isEmpty()) {
					continue;
				}
				int equals = pair.indexOf('=');
				String name = decoded((equals >= 0) ? pair.substring(0, equals) : pair);
				String value = (equals >= 0) ? decoded(pair.substring(equals + 1)) : "";
				values.computeIfAbsent(name, (first) -> new ArrayList<>()).add(value);
			}
		}
		return new QueryParameters(values);
	}

	Set<String> names() {
		return this.values.keySet();
	}

	List<String> values(String name) {
		return this.values.getOrDefault(name, List.of());
	}

	/**
	 * The first parameter, as sent, whose name or value is not valid percent-encoding
	 * ({@code %ZZ}, a {@code %} at the end): Tomcat drops such a parameter without a word,
	 * so a handler would act as if it had not been given.
	 * @param request the request
	 * @return the name and value as sent; empty when every one decodes
	 */
	static Optional<String> firstMalformed(HttpServletRequest request) {
		String query = request.getQueryString();
		if (query != null) {
			for (String pair : query.split("&")) {
				try {
					URLDecoder.decode(pair, StandardCharsets.UTF_8);
				}
				catch (IllegalArgumentException ex) {
					return Optional.of(pair);
				}
			}
		}
		return Optional.empty();
	}

	private static String decoded(String part) {
		try {
			return URLDecoder.decode(part, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			// a broken %-escape: kept as sent, so it names no parameter a handler takes
			return part;
		}
	}

}
