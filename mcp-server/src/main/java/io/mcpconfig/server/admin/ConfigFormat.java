package io.mcpconfig.server.admin;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.mcpconfig.server.release.ConfigDocuments;

import org.springframework.http.MediaType;

/**
 * The formats a configuration can be published in, chosen by the request's Content-Type
 * (or, in an imported repository, by the file's extension).
 */
public enum ConfigFormat {

	/** Flattened as Spring Boot flattens {@code application.yml}. */
	YAML(List.of("application/yaml", "application/x-yaml", "text/yaml"), YamlConfigParser::parseDocuments,
			YamlConfigParser::parse, YamlConfigParser::parsePatch),

	/** {@code .properties} text; it has no null, so a patch in it removes nothing. */
	PROPERTIES(List.of("text/plain"), PropertiesConfigParser::parseDocuments, PropertiesConfigParser::parse,
			PropertiesConfigParser::parse);

	private final List<MediaType> mediaTypes;

	private final Function<String, ConfigDocuments> documentsParser;

	private final Function<String, Map<String, String>> parser;

	private final Function<String, Map<String, String>> patchParser;

	ConfigFormat(List<String> mediaTypes, Function<String, ConfigDocuments> documentsParser,
			Function<String, Map<String, String>> parser, Function<String, Map<String, String>> patchParser) {
		this.mediaTypes = mediaTypes.stream().map(MediaType::parseMediaType).toList();
		this.documentsParser = documentsParser;
		this.parser = parser;
		this.patchParser = patchParser;
	}

	/**
	 * The format of a configuration file as Spring Boot picks it: {@code .yml} and
	 * {@code .yaml} are YAML, {@code .properties} is properties; anything else is none.
	 */
	public static Optional<ConfigFormat> ofFileName(String fileName) {
		if (fileName.endsWith(".yml") || fileName.endsWith(".yaml")) {
			return Optional.of(YAML);
		}
		return fileName.endsWith(".properties") ? Optional.of(PROPERTIES) : Optional.empty();
	}

	/**
	 * A configuration file read as Spring Boot reads it: YAML as UTF-8, {@code .properties}
	 * as ISO-8859-1 (other characters as backslash-u escapes); an empty file, or one of
	 * comments only, as the empty configuration (Boot and Spring Cloud Config read it as a
	 * source without properties).
	 * @throws ConfigParseException when the file is not a configuration
	 */
	public ConfigDocuments parseFile(byte[] content) {
		Charset charset = (this == YAML) ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
		try {
			return parseDocuments(content, new MediaType(this.mediaTypes.get(0), charset));
		}
		catch (NoPropertiesException ex) {
			return ConfigDocuments.EMPTY;
		}
	}

	/** The format of a Content-Type the publish endpoint accepts (it declares them all). */
	static ConfigFormat of(MediaType contentType) {
		for (ConfigFormat format : values()) {
			for (MediaType mediaType : format.mediaTypes) {
				if (mediaType.equalsTypeAndSubtype(contentType)) {
					return format;
				}
			}
		}
		throw new IllegalArgumentException("no configuration format for " + contentType);
	}

	/**
	 * Decode the body strictly (UTF-8 unless the Content-Type names a charset) and parse
	 * it as a whole configuration, profile documents included.
	 * @throws ConfigParseException when the bytes or the text are not a configuration
	 */
	ConfigDocuments parseDocuments(byte[] body, MediaType contentType) {
		return documentsParser.apply(text(body, contentType));
	}

	/** As {@link #parseDocuments}, one document only (an overlay). */
	Map<String, String> parse(byte[] body, MediaType contentType) {
		return parser.apply(text(body, contentType));
	}

	/** As {@link #parse}, a {@code null} value for each key the patch removes. */
	Map<String, String> parsePatch(byte[] body, MediaType contentType) {
		return patchParser.apply(text(body, contentType));
	}

	private static String text(byte[] body, MediaType contentType) {
		Charset charset = (contentType.getCharset() != null) ? contentType.getCharset() : StandardCharsets.UTF_8;
		String text = decode(body, charset);
		if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
			text = text.substring(1);
		}
		return text;
	}

	private static String decode(byte[] body, Charset charset) {
		CharsetDecoder decoder = charset.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(body);
		CharBuffer out = CharBuffer.allocate((int) (body.length * (double) decoder.maxCharsPerByte()) + 1);
		CoderResult result = decoder.decode(in, out, true);
		if (result.isUnderflow()) {
			result = decoder.flush(out);
		}
		if (result.isError()) {
			throw new ConfigParseException("the body is not valid " + charset.name() + ": bad byte sequence at byte offset "
					+ in.position());
		}
		if (result.isOverflow()) {
			// maxCharsPerByte bounds the output, so this cannot happen; fail loudly if it does
			throw new IllegalStateException("decoder overflow", new CharacterCodingException());
		}
		return out.flip().toString();
	}

}
