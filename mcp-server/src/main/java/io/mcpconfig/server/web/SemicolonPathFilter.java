package io.mcpconfig.server.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a path with a {@code ;} in it. Tomcat and Spring read what follows a {@code ;}
 * in a path segment as parameters of the segment and match the rest, so
 * {@code /api/v1/configs/a;b/dev} would publish to {@code a}: a name must be what it
 * says, and none of the center's paths takes parameters.
 */
public class SemicolonPathFilter extends OncePerRequestFilter {

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI();
		if (path.indexOf(';') >= 0) {
			response.sendError(HttpServletResponse.SC_BAD_REQUEST, "';' is not allowed in a path (" + path
					+ "): app and env names use A-Z a-z 0-9 . _ - only");
			return;
		}
		chain.doFilter(request, response);
	}

}
