package io.mcpconfig.server.admin;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A JSON request body (a rollback, a token), read from what {@link RequestBodyReader} let
 * in: exactly one JSON value, strictly. A field given twice is refused rather than the last
 * one winning (a reviewed {@code "role": "reader"} must not become the {@code "publisher"}
 * written after it), and so is anything after the value. A refusal says what is wrong and
 * where in the body's words, never Jackson's: its texts name its own classes and settings.
 */
public final class JsonBody {

	/** Jackson writes a location into some texts as its source's description. */
	private static final Pattern SOURCE_LOCATION = Pattern
		.compile("\\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]");

	/** A setting of Jackson's, named in backquotes: {@code `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS`}. */
	private static final Pattern JACKSON_NAME = Pattern.compile("`[A-Za-z]\\w*(?:\\.\\w+)+(?:\\(\\))?`");

	/** The longest name or number a refusal repeats whole. */
	private static final int SHOWN_MAX = 64;

	private JsonBody() {
	}

	/**
	 * A value as a refusal names it: a short number or boolean as it is, anything else by
	 * its kind. A refusal never repeats a string (a secret pasted in the wrong field) or a
	 * large value back into a response and a log.
	 */
	public static String shown(JsonNode value) {
		if ((value.isNumber() || value.isBoolean()) && value.toString().length() <= SHOWN_MAX) {
			return value.toString();
		}
		return switch (value.getNodeType()) {
			case ARRAY -> "an array";
			case OBJECT -> "an object";
			case NUMBER -> "a number of " + value.toString().length() + " characters";
			case NULL -> "null";
			default -> "a string";
		};
	}

	/** A name from the body (a field's, a role's) in quotes, cut short when long. */
	public static String quoted(String name) {
		return "'" + ((name.length() <= SHOWN_MAX) ? name : name.substring(0, SHOWN_MAX) + "…") + "'";
	}

	/**
	 * Parses a body.
	 * @param body the body as read, maybe empty
	 * @param json the mapper that builds the tree
	 * @return the value, {@code null} for an empty body
	 * @throws ResponseStatusException 400 naming what is wrong and where
	 */
	public static JsonNode parse(byte[] body, ObjectMapper json) {
		ObjectReader reader = json.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
		try (JsonParser parser = reader.createParser(body)) {
			JsonNode value = reader.readTree(parser);
			if (value != null && parser.nextToken() != null) {
				throw invalid(where(parser.currentTokenLocation())
						+ ": more follows the JSON value; send one JSON object only");
			}
			return value;
		}
		catch (JsonProcessingException ex) {
			throw invalid(where(ex.getLocation()) + ": " + described(ex.getOriginalMessage()));
		}
		catch (CharConversionException ex) {
			// bytes Jackson took for UTF-16 or UTF-32 that are none; its text names no class
			throw invalid(": " + ex.getMessage());
		}
		catch (IOException ex) {
			// a byte array cannot fail to be read otherwise; anything else is a bug, not bad input
			throw new UncheckedIOException(ex);
		}
	}

	private static String where(JsonLocation location) {
		return (location != null && location.getLineNr() > 0)
				? " at line " + location.getLineNr() + ", column " + location.getColumnNr() : "";
	}

	/**
	 * Jackson's text with its source descriptions turned into a line and column, and the
	 * clause that names one of its settings cut off (with the parentheses it opened closed):
	 * {@code Non-standard token 'NaN': enable `JsonReadFeature...` to allow} becomes
	 * {@code Non-standard token 'NaN'}.
	 */
	static String described(String jackson) {
		String text = SOURCE_LOCATION.matcher(jackson).replaceAll("line $1, column $2");
		Matcher setting = JACKSON_NAME.matcher(text);
		if (!setting.find()) {
			return text;
		}
		String kept = text.substring(0, setting.start());
		int clause = Math.max(Math.max(kept.lastIndexOf(':'), kept.lastIndexOf(',')),
				Math.max(kept.lastIndexOf('('), kept.lastIndexOf(". ")));
		StringBuilder cut = new StringBuilder(kept.substring(0, Math.max(clause, 0)).stripTrailing());
		long open = cut.chars().filter((c) -> c == '(').count() - cut.chars().filter((c) -> c == ')').count();
		cut.append(")".repeat((int) Math.max(open, 0)));
		return cut.isEmpty() ? "not valid JSON" : cut.toString();
	}

	private static ResponseStatusException invalid(String whereAndWhat) {
		return new ResponseStatusException(HttpStatus.BAD_REQUEST, "invalid JSON" + whereAndWhat);
	}

}
