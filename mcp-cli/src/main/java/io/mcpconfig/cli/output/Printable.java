package io.mcpconfig.cli.output;

/**
 * Text from the center as a terminal may show it: every control character escaped
 * ({@code \n}, {@code \t}, {@code \u001b}, ...), so that a value, a comment or a name that
 * anyone with a publisher token stored can neither move the cursor, recolour nor clear an
 * operator's terminal, nor break a line that a script reads as one. The bidirectional
 * embeddings, overrides and isolates are escaped too: a terminal that lays out right-to-left
 * text would show a value in another order than it is stored.
 */
public final class Printable {

	private Printable() {
	}

	/** One line: a line break in it is escaped too. */
	public static String line(String text) {
		return escape(text, false);
	}

	/** Lines of output: their line breaks stay, anything else is escaped. */
	static String lines(String text) {
		return escape(text, true);
	}

	private static String escape(String text, boolean keepLineBreaks) {
		StringBuilder out = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean control = (c < 0x20 && !(keepLineBreaks && c == '\n')) || (c >= 0x7f && c <= 0x9f)
					|| (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
			if (control && out == null) {
				out = new StringBuilder(text.length() + 16).append(text, 0, i);
			}
			if (out != null) {
				if (!control) {
					out.append(c);
				}
				else if (c == '\n') {
					out.append("\\n");
				}
				else if (c == '\r') {
					out.append("\\r");
				}
				else if (c == '\t') {
					out.append("\\t");
				}
				else {
					out.append(String.format("\\u%04x", (int) c));
				}
			}
		}
		return (out != null) ? out.toString() : text;
	}

}
