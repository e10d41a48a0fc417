package io.mcpconfig.server.security;

import java.io.IOException;
import java.security.Principal;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import io.mcpconfig.server.console.ConsolePages;
import io.mcpconfig.server.release.Release;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates every request of the HTTP port by its {@code Authorization: Bearer} token.
 * Health ({@code /actuator/health} and its groups) stays open for probes, and the web
 * console's files ({@link ConsolePages}), which hold no data, for browsers; anything else
 * without a valid token is answered 401, the other actuator endpoints need an admin (403
 * otherwise). An authenticated request carries its {@link ApiToken} and reads as the
 * token's user in the servlet API (principal = token name, role = its role), which is what
 * Actuator's {@code when-authorized} settings check.
 */
public class TokenAuthenticationFilter extends OncePerRequestFilter {

	/** The request attribute holding the caller's {@link ApiToken}. */
	public static final String TOKEN_ATTRIBUTE = ApiToken.class.getName();

	private static final String HEALTH = "/actuator/health";

	private static final String ACTUATOR = "/actuator";

	private final Tokens tokens;

	private final ObjectMapper json;

	public TokenAuthenticationFilter(Tokens tokens, ObjectMapper json) {
		this.tokens = tokens;
		this.json = json;
	}

	/**
	 * The caller's token, once this filter let the request through.
	 * @param request the request
	 * @return the token, empty when security is off
	 */
	public static Optional<ApiToken> tokenOf(HttpServletRequest request) {
		return Optional.ofNullable((ApiToken) request.getAttribute(TOKEN_ATTRIBUTE));
	}

	/** The caller's token name, what history and audit show as the author of a change. */
	public static String authorOf(HttpServletRequest request) {
		return tokenOf(request).map(ApiToken::name).orElse(Release.ANONYMOUS);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		boolean open = path.equals(HEALTH) || path.startsWith(HEALTH + "/") || ConsolePages.isConsoleFile(request);
		String secret = BearerToken.secretOf(request.getHeader(HttpHeaders.AUTHORIZATION));
		Tokens.Presented presented = this.tokens.check(secret);
		Optional<ApiToken> token = presented.token();
		if (token.isEmpty()) {
			if (open) {
				chain.doFilter(request, response);
				return;
			}
			if (secret != null && !presented.tokensRead()) {
				deny(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, Tokens.NOT_READ_YET);
				return;
			}
			deny(response, HttpServletResponse.SC_UNAUTHORIZED, (secret == null)
					? "a bearer token is required: send 'Authorization: Bearer <token>'"
					: "the bearer token is not valid (unknown or revoked)");
			return;
		}
		if (!open && isActuator(path) && !token.get().permits(Permission.ADMINISTER)) {
			deny(response, HttpServletResponse.SC_FORBIDDEN,
					"token '" + token.get().name() + "' (" + token.get().role() + ") may not read " + path
							+ ": the actuator beyond health needs an admin token");
			return;
		}
		request.setAttribute(TOKEN_ATTRIBUTE, token.get());
		chain.doFilter(new AuthenticatedRequest(request, token.get()), response);
	}

	private static boolean isActuator(String path) {
		return path.equals(ACTUATOR) || path.startsWith(ACTUATOR + "/");
	}

	private void deny(HttpServletResponse response, int status, String error) throws IOException {
		response.setStatus(status);
		if (status == HttpServletResponse.SC_UNAUTHORIZED) {
			response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mcp\"");
		}
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		this.json.writeValue(response.getOutputStream(), Map.of("error", error));
	}

	/** The request as the token's user. */
	private static final class AuthenticatedRequest extends HttpServletRequestWrapper {

		private final ApiToken token;

		AuthenticatedRequest(HttpServletRequest request, ApiToken token) {
			super(request);
			this.token = token;
		}

		@Override
		public Principal getUserPrincipal() {
			return this.token::name;
		}

		@Override
		public String getRemoteUser() {
			return this.token.name();
		}

		@Override
		public boolean isUserInRole(String role) {
			return this.token.role().name().equalsIgnoreCase(role);
		}

	}

}
