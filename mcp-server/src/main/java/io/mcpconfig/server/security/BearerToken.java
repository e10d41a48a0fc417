package io.mcpconfig.server.security;

/**
 * The secret of an {@code Authorization: Bearer <secret>} header or gRPC metadata entry.
 */
final class BearerToken {

	private static final String SCHEME = "bearer ";

	private BearerToken() {
	}

	/**
	 * The secret of an authorization value.
	 * @param authorization the header's value, {@code null} when absent
	 * @return the secret, {@code null} when there is none or another scheme is used
	 */
	static String secretOf(String authorization) {
		if (authorization == null || authorization.length() <= SCHEME.length()
				|| !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
			return null;
		}
		String secret = authorization.substring(SCHEME.length()).trim();
		return secret.isEmpty() ? null : secret;
	}

}
