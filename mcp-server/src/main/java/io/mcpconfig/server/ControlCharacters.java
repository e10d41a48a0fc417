package io.mcpconfig.server;

/**
 * The characters a client's text must not bring into a log line or a console: control
 * characters (a line break forges a log entry), the line and paragraph separators, and
 * the bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which show
 * text in another order than it is read.
 */
public final class ControlCharacters {

	private ControlCharacters() {
	}

	/**
	 * @return the index of the first such character in the text, -1 when there is none
	 */
	public static int indexIn(String text) {
		for (int i = 0; i < text.length(); i++) {
			if (isControl(text.charAt(i))) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * The text with each such character written as a backslash escape (n, r, t, or u and
	 * four hex digits): what it says stays readable, on one line.
	 */
	public static String escaped(String text) {
		if (indexIn(text) < 0) {
			return text;
		}
		StringBuilder escaped = new StringBuilder(text.length() + 16);
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\t' -> escaped.append("\\t");
				default -> {
					if (isControl(c)) {
						escaped.append(String.format("\\u%04X", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

	/** How an error names the character: {@code U+000A}. */
	public static String name(char c) {
		return String.format("U+%04X", (int) c);
	}

	private static boolean isControl(char c) {
		return Character.isISOControl(c) || c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E)
				|| (c >= 0x2066 && c <= 0x2069);
	}

}
