package io.mcpconfig.cli.release;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.mcpconfig.cli.CommandFailure;
import io.mcpconfig.cli.ExitStatus;
import io.mcpconfig.cli.UnreadableFile;
import io.mcpconfig.cli.connection.Payload;

/**
 * A configuration file as the center reads it: {@code .yml}/{@code .yaml} as YAML,
 * {@code .properties} as properties, sent as they are (the center parses, and says where
 * a file is wrong).
 */
public final class ConfigBody {

	private ConfigBody() {
	}

	public static Payload read(Path file) {
		String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
		String contentType;
		if (name.endsWith(".yml") || name.endsWith(".yaml")) {
			contentType = "application/yaml; charset=utf-8";
		}
		else if (name.endsWith(".properties")) {
			// java.util.Properties files used to be ISO-8859-1; the center reads UTF-8 unless told
			contentType = "text/plain; charset=utf-8";
		}
		else {
			throw new CommandFailure(ExitStatus.USAGE,
					file + ": name a .yml, .yaml or .properties file, the extension says how the center reads it");
		}
		byte[] bytes;
		try {
			bytes = Files.readAllBytes(file);
		}
		catch (IOException ex) {
			throw UnreadableFile.failure(file, ex);
		}
		if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
			throw new CommandFailure(ExitStatus.USAGE, file + " is empty: to publish an empty configuration, "
					+ "put {} in a .yml file (an empty release empties every instance's configuration)");
		}
		if (contentType.startsWith("text/plain")) {
			checkUtf8(file, bytes);
		}
		return new Payload(bytes, contentType);
	}

	/**
	 * Sends a file: a refusal of what it holds (400, 413, 415) names the file, as the
	 * center names only lines and columns.
	 */
	public static JsonNode send(Path file, Function<Payload, JsonNode> call) {
		Payload payload = read(file);
		try {
			return call.apply(payload);
		}
		catch (CommandFailure failure) {
			if (failure.refusesTheBody()) {
				throw new CommandFailure(failure.status(), file + ": " + failure.getMessage());
			}
			throw failure;
		}
	}

	/**
	 * A {@code .properties} file goes as UTF-8; one in Java's old ISO-8859-1 would be
	 * refused by the center with a byte offset only, so it is said here what to do.
	 */
	private static void checkUtf8(Path file, byte[] bytes) {
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes));
		}
		catch (CharacterCodingException ex) {
			throw new CommandFailure(ExitStatus.USAGE, file + " is not UTF-8, which mcpctl publishes .properties as: "
					+ "convert it (iconv -f ISO-8859-1 -t UTF-8), or import it with mcpctl import, which reads "
					+ ".properties as ISO-8859-1 as Spring Boot does", ex);
		}
	}

}
