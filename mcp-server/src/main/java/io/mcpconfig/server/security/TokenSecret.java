package io.mcpconfig.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The secret of a token: 256 random bits, shown once when the token is created and kept
 * only as its SHA-256 hash. A hash without salt or stretching is enough for a random
 * secret of that length (nothing to guess from a dictionary), and it lets a presented
 * secret be looked up in one step.
 */
public final class TokenSecret {

	/** What every secret starts with, so secret scanners and people recognise one. */
	public static final String PREFIX = "mcp_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private TokenSecret() {
	}

	/**
	 * A new secret.
	 * @return {@value #PREFIX} followed by 43 URL-safe base64 characters
	 */
	public static String generate() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * The hash a secret is kept as.
	 * @param secret the secret
	 * @return its hex SHA-256
	 */
	public static String hash(String secret) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			return HexFormat.of().formatHex(sha256.digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every JDK", ex);
		}
	}

}
