package io.mcpconfig.server.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import io.mcpconfig.server.McpServerProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsProcessor;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Cross-origin calls to the admin API from the origins in
 * {@code mcp.server.cors.allowed-origins}, answered ahead of the token check: a browser's
 * preflight never carries the token, and a refusal (401, 403, 409) must carry the CORS
 * headers for the calling page to read its reason. With no origins the filter is off.
 */
@Configuration(proxyBeanMethods = false)
public class CrossOriginConfiguration {

	/** Before the token check ({@code HIGHEST_PRECEDENCE + 10}), after the path checks. */
	static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 5;

	/** How long a browser may reuse a preflight's answer. */
	private static final Duration PREFLIGHT_CACHE = Duration.ofMinutes(30);

	@Bean
	public FilterRegistrationBean<AllowedOriginsFilter> crossOriginFilter(McpServerProperties properties) {
		List<String> origins = properties.cors().allowedOrigins();
		CorsConfiguration api = new CorsConfiguration();
		api.setAllowedOriginPatterns(origins);
		api.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.HEAD.name(), HttpMethod.PUT.name(),
				HttpMethod.POST.name(), HttpMethod.DELETE.name()));
		api.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.IF_MATCH));
		// what a page reads beyond the simple headers: the version, a new token's URL, when to retry
		api.setExposedHeaders(List.of(HttpHeaders.ETAG, HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER));
		api.setAllowCredentials(false);
		api.setMaxAge(PREFLIGHT_CACHE);
		FilterRegistrationBean<AllowedOriginsFilter> registration = new FilterRegistrationBean<>(
				new AllowedOriginsFilter(api));
		registration.addUrlPatterns("/api/*");
		registration.setOrder(ORDER);
		registration.setEnabled(!origins.isEmpty());
		return registration;
	}

	/**
	 * Answers the CORS part of a request from an allowed origin, and a preflight from one
	 * in full. A request from any other origin goes on as if CORS were off: no 403 of its
	 * own, so a same-origin page whose Origin the center sees as foreign (the console
	 * behind a proxy that rewrites the host) keeps working, and a foreign page still gets
	 * no CORS header, which is what makes its browser refuse.
	 */
	static final class AllowedOriginsFilter extends OncePerRequestFilter {

		private final CorsConfiguration configuration;

		private final CorsProcessor processor = new DefaultCorsProcessor();

		AllowedOriginsFilter(CorsConfiguration configuration) {
			this.configuration = configuration;
		}

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			String origin = request.getHeader(HttpHeaders.ORIGIN);
			if (origin == null || this.configuration.checkOrigin(origin) == null) {
				chain.doFilter(request, response);
				return;
			}
			boolean allowed = this.processor.processRequest(this.configuration, request, response);
			if (allowed && !CorsUtils.isPreFlightRequest(request)) {
				chain.doFilter(request, response);
			}
		}

	}

}
