package io.mcpconfig.server.web;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Presents {@code dryRun} in any letter case ({@code dryrun}, {@code DRYRUN}) as
 * {@code dryRun}, the name the handlers and their mappings read. Spring matches parameter
 * names exactly, so {@code PUT /api/v1/configs/orders/dev?dryrun=true} would otherwise
 * reach the publish instead of its dry run.
 */
public class DryRunSpellingFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Set<String> otherSpellings = QueryParameters.of(request)
			.names()
			.stream()
			.filter((name) -> DryRunParameter.isSpelling(name) && !DryRunParameter.NAME.equals(name))
			.collect(Collectors.toUnmodifiableSet());
		chain.doFilter(otherSpellings.isEmpty() ? request : new RespelledRequest(request, otherSpellings), response);
	}

	/** The request with the values of every other spelling under {@code dryRun}, and those spellings gone. */
	private static final class RespelledRequest extends HttpServletRequestWrapper {

		private final Set<String> otherSpellings;

		RespelledRequest(HttpServletRequest request, Set<String> otherSpellings) {
			super(request);
			this.otherSpellings = otherSpellings;
		}

		@Override
		public String getParameter(String name) {
			String[] values = getParameterValues(name);
			return (values != null) ? values[0] : null;
		}

		@Override
		public String[] getParameterValues(String name) {
			if (this.otherSpellings.contains(name)) {
				return null;
			}
			return DryRunParameter.NAME.equals(name) ? dryRunValues() : super.getParameterValues(name);
		}

		@Override
		public Map<String, String[]> getParameterMap() {
			Map<String, String[]> parameters = new LinkedHashMap<>(super.getParameterMap());
			parameters.keySet().removeAll(this.otherSpellings);
			String[] dryRun = dryRunValues();
			if (dryRun != null) {
				parameters.put(DryRunParameter.NAME, dryRun);
			}
			return Collections.unmodifiableMap(parameters);
		}

		@Override
		public Enumeration<String> getParameterNames() {
			return Collections.enumeration(getParameterMap().keySet());
		}

		/** {@code null} when Tomcat read none (it stops reading a query beyond its parameter count). */
		private String[] dryRunValues() {
			String[] values = Stream.concat(Stream.of(DryRunParameter.NAME), this.otherSpellings.stream())
				.map(super::getParameterValues)
				.filter(Objects::nonNull)
				.flatMap(Arrays::stream)
				.toArray(String[]::new);
			return (values.length > 0) ? values : null;
		}

	}

}
