package io.mcpconfig.cli.output;

/**
 * How many columns of a terminal a text takes: Chinese, Japanese and Korean characters and
 * most emoji take two, combining marks and zero-width characters none. {@code String.length}
 * counts UTF-16 units, so a table with a comment in Chinese lost its alignment.
 */
final class ColumnWidth {

	private ColumnWidth() {
	}

	static int of(String text) {
		int width = 0;
		for (int i = 0; i < text.length();) {
			int codePoint = text.codePointAt(i);
			width += of(codePoint);
			i += Character.charCount(codePoint);
		}
		return width;
	}

	private static int of(int codePoint) {
		int type = Character.getType(codePoint);
		if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT
				|| (codePoint >= 0x1160 && codePoint <= 0x11FF)) {
			return 0;
		}
		return isWide(codePoint) ? 2 : 1;
	}

	/** East Asian Wide and Fullwidth ranges (Unicode's EastAsianWidth.txt, W and F), and emoji. */
	private static boolean isWide(int c) {
		return (c >= 0x1100 && c <= 0x115F) || c == 0x2329 || c == 0x232A || (c >= 0x231A && c <= 0x231B)
				|| (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF)
				|| (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) || (c >= 0xA960 && c <= 0xA97F)
				|| (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE10 && c <= 0xFE19)
				|| (c >= 0xFE30 && c <= 0xFE6F) || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6)
				|| (c >= 0x1F300 && c <= 0x1F64F) || (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
	}

}
