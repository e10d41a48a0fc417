package io.mcpconfig.server.console;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers of the console's files: a strict Content-Security-Policy (scripts, styles and
 * calls only from the center itself, no inline script or style, no framing), so that a
 * value shown on a page can never run as code; and no caching, so a new center's console
 * is the one loaded.
 */
public class ConsoleHeadersFilter extends OncePerRequestFilter {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (ConsolePages.isConsoleFile(request)) {
			response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
			response.setHeader("X-Content-Type-Options", "nosniff");
			response.setHeader("Referrer-Policy", "no-referrer");
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
		}
		chain.doFilter(request, response);
	}

}
