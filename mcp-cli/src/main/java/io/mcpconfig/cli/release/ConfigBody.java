package io.mcpconfig.cli.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.mcpconfig.cli.CommandFailure;
import io.mcpconfig.cli.ExitStatus;
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
		try {
			return new Payload(Files.readAllBytes(file), contentType);
		}
		catch (IOException ex) {
			throw new CommandFailure(ExitStatus.USAGE, "cannot read " + file + ": " + ex, ex);
		}
	}

}
