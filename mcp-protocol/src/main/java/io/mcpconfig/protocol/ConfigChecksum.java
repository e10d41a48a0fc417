package io.mcpconfig.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The canonical checksum of a configuration, shared by server and client so that both
 * compute it byte for byte alike (docs/protocol.md#checksum): SHA-256, lower-case hex,
 * over the UTF-8 lines {@code key=value\n}, sorted by the UTF-8 bytes of the key
 * (Unicode code point order), with {@code \}, {@code =} (keys only), LF and CR escaped.
 */
public final class ConfigChecksum {

	/** Checksum of the empty configuration, which a target without a release has. */
	public static final String EMPTY = of(Map.of());

	private ConfigChecksum() {
	}

	public static String of(Map<String, String> properties) {
		List<byte[][]> entries = new ArrayList<>(properties.size());
		properties.forEach((key, value) -> entries.add(new byte[][] {
				escape(key, true).getBytes(StandardCharsets.UTF_8),
				escape(value, false).getBytes(StandardCharsets.UTF_8) }));
		// Escaping keeps byte order of keys equal to their code point order up to the escapes.
		entries.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
		MessageDigest digest = sha256();
		for (byte[][] entry : entries) {
			digest.update(entry[0]);
			digest.update((byte) '=');
			digest.update(entry[1]);
			digest.update((byte) '\n');
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	static String escape(String text, boolean key) {
		StringBuilder out = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			String replacement = switch (c) {
				case '\\' -> "\\\\";
				case '\n' -> "\\n";
				case '\r' -> "\\r";
				case '=' -> key ? "\\=" : null;
				default -> null;
			};
			if (replacement != null && out == null) {
				out = new StringBuilder(text.length() + 8).append(text, 0, i);
			}
			if (out != null) {
				out.append(replacement != null ? replacement : String.valueOf(c));
			}
		}
		return out != null ? out.toString() : text;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required of every Java platform", ex);
		}
	}

}
