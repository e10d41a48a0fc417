package io.mcpconfig.server.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.mcpconfig.server.release.ConfigDocuments;

/**
 * Reads a {@code .properties} configuration with the semantics of
 * {@link java.util.Properties#load(java.io.Reader)} (comments, {@code =}, {@code :} or
 * blank separators, line continuations, escapes, the last of duplicate keys wins), but
 * reports the line and column of what it cannot read instead of failing without a place.
 * A whole configuration may hold several documents, as Boot reads them.
 */
final class PropertiesConfigParser {

	private static final String FORMAT = "properties";

	private PropertiesConfigParser() {
	}

	/** One document: {@code #---} is a comment here (an overlay or a patch is one document). */
	static Map<String, String> parse(String text) {
		List<ConfigDocuments.Document> documents = parse(text, false);
		return documents.get(0).properties();
	}

	/**
	 * A whole configuration as Boot reads {@code application.properties}: documents
	 * separated by a line {@code #---} (or {@code !---}), each activated by
	 * {@code spring.config.activate.on-profile} or for all.
	 */
	static ConfigDocuments parseDocuments(String text) {
		return ProfileActivation.documents(parse(text, true));
	}

	private static List<ConfigDocuments.Document> parse(String text, boolean manyDocuments) {
		List<String> lines = naturalLines(text);
		List<ConfigDocuments.Document> documents = new ArrayList<>();
		Map<String, String> properties = new LinkedHashMap<>();
		int documentLine = 1;
		int index = 0;
		while (index < lines.size()) {
			String first = lines.get(index);
			if (manyDocuments && (first.equals("#---") || first.equals("!---"))) {
				documents.add(document(properties, documentLine, manyDocuments));
				properties = new LinkedHashMap<>();
				documentLine = index + 2;
				index++;
				continue;
			}
			int start = skipBlanks(first, 0);
			if (start == first.length() || first.charAt(start) == '#' || first.charAt(start) == '!') {
				index++;
				continue;
			}
			LogicalLine logical = new LogicalLine();
			int from = start;
			while (true) {
				String line = lines.get(index);
				boolean continued = endsWithOddBackslashes(line, from);
				logical.append(line, from, continued ? line.length() - 1 : line.length(), index + 1);
				index++;
				if (!continued || index == lines.size()) {
					break;
				}
				from = skipBlanks(lines.get(index), 0);
			}
			logical.parseInto(properties);
		}
		documents.add(document(properties, documentLine, manyDocuments));
		if (documents.stream().allMatch((document) -> document.properties().isEmpty())) {
			// YAML asks for an explicit {}: an empty release would wipe every instance's configuration
			throw new NoPropertiesException(
					"the body holds no properties; to publish an empty configuration send YAML {}");
		}
		return documents;
	}

	private static ConfigDocuments.Document document(Map<String, String> properties, int firstLine,
			boolean manyDocuments) {
		return manyDocuments
				? ProfileActivation.document(properties, (key) -> "in the document from line " + firstLine)
				: new ConfigDocuments.Document(null,
						ProfileActivation.unconditional(properties, (key) -> "in the body"));
	}

	private static List<String> naturalLines(String text) {
		List<String> lines = new ArrayList<>();
		int start = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\n' || c == '\r') {
				lines.add(text.substring(start, i));
				if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
					i++;
				}
				start = i + 1;
			}
		}
		if (start < text.length()) {
			lines.add(text.substring(start));
		}
		return lines;
	}

	private static boolean isBlank(char c) {
		return c == ' ' || c == '\t' || c == '\f';
	}

	private static int skipBlanks(String line, int from) {
		int i = from;
		while (i < line.length() && isBlank(line.charAt(i))) {
			i++;
		}
		return i;
	}

	private static boolean endsWithOddBackslashes(String line, int from) {
		int count = 0;
		for (int i = line.length() - 1; i >= from && line.charAt(i) == '\\'; i--) {
			count++;
		}
		return count % 2 == 1;
	}

	/** One key-value entry, possibly spread over several lines, with each character's place. */
	private static final class LogicalLine {

		private final StringBuilder chars = new StringBuilder();

		private final List<int[]> places = new ArrayList<>();

		/** Where the entry starts, also when it holds no character (a lone {@code \\}). */
		private int[] start;

		void append(String line, int from, int to, int lineNumber) {
			if (this.start == null) {
				this.start = new int[] { lineNumber, from + 1 };
			}
			for (int i = from; i < to; i++) {
				chars.append(line.charAt(i));
				places.add(new int[] { lineNumber, i + 1 });
			}
		}

		void parseInto(Map<String, String> properties) {
			int length = chars.length();
			StringBuilder key = new StringBuilder();
			int i = 0;
			while (i < length) {
				char c = chars.charAt(i);
				if (c == '\\') {
					i = unescape(i, key);
				}
				else if (c == '=' || c == ':') {
					i++;
					break;
				}
				else if (isBlank(c)) {
					i = skip(i);
					if (i < length && (chars.charAt(i) == '=' || chars.charAt(i) == ':')) {
						i++;
					}
					break;
				}
				else {
					key.append(c);
					i++;
				}
			}
			if (key.isEmpty()) {
				int[] place = places.isEmpty() ? this.start : places.get(0);
				throw new ConfigParseException(FORMAT, place[0], place[1], "the key is empty");
			}
			StringBuilder value = new StringBuilder();
			i = skip(i);
			while (i < length) {
				if (chars.charAt(i) == '\\') {
					i = unescape(i, value);
				}
				else {
					value.append(chars.charAt(i++));
				}
			}
			properties.put(key.toString(), value.toString());
		}

		private int skip(int from) {
			int i = from;
			while (i < chars.length() && isBlank(chars.charAt(i))) {
				i++;
			}
			return i;
		}

		/** Appends the character escaped at {@code i} (a backslash) and returns the index after it. */
		private int unescape(int i, StringBuilder out) {
			if (i + 1 >= chars.length()) {
				// a backslash continuing past the last line stands for nothing
				return i + 1;
			}
			char escaped = chars.charAt(i + 1);
			switch (escaped) {
				case 't' -> out.append('\t');
				case 'n' -> out.append('\n');
				case 'r' -> out.append('\r');
				case 'f' -> out.append('\f');
				case 'u' -> {
					int end = i + 6;
					if (end > chars.length() || !isHex(i + 2, end)) {
						int[] place = places.get(i);
						throw new ConfigParseException(FORMAT, place[0], place[1],
								"malformed \\uXXXX escape: \\u must be followed by four hex digits");
					}
					out.append((char) Integer.parseInt(chars.substring(i + 2, end), 16));
					return end;
				}
				default -> out.append(escaped);
			}
			return i + 2;
		}

		private boolean isHex(int from, int to) {
			for (int i = from; i < to; i++) {
				if ("0123456789abcdefABCDEF".indexOf(chars.charAt(i)) < 0) {
					return false;
				}
			}
			return true;
		}

	}

}
