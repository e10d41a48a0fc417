package io.mcpconfig.cli.connection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.mcpconfig.cli.CommandFailure;
import io.mcpconfig.cli.ExitStatus;

/**
 * {@code ~/.mcpctl.yaml} (or {@code --config FILE}): {@code server}, {@code token},
 * {@code ca-file} and {@code insecure}. Read strictly: a misspelt key would otherwise send
 * a command to the default server without a word.
 */
public final class ConfigFile {

	private static final Set<String> KEYS = Set.of("server", "token", "ca-file", "insecure");

	// a key given twice is an error, not the last one silently winning
	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
		.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

	private ConfigFile() {
	}

	/** The default file, in the user's home directory; it need not exist. */
	public static Path defaultLocation() {
		// $HOME where it is set (a container, a CI job): the JVM's user.home is the passwd entry's
		String home = System.getenv("HOME");
		return Path.of((home != null && !home.isBlank()) ? home : System.getProperty("user.home"), ".mcpctl.yaml");
	}

	/**
	 * @param file the file to read
	 * @param required whether a missing file is an error (one named with {@code --config})
	 *        or says nothing (the default location)
	 */
	public static ConnectionChoices read(Path file, boolean required) {
		if (!Files.exists(file)) {
			if (required) {
				throw new CommandFailure(ExitStatus.USAGE, "the config file " + file + " does not exist");
			}
			return new ConnectionChoices(null, null, null, null);
		}
		JsonNode root;
		try {
			root = YAML.readTree(file.toFile());
		}
		catch (IOException ex) {
			throw new CommandFailure(ExitStatus.USAGE, "cannot read the config file " + file + ": " + ex.getMessage(), ex);
		}
		if (root == null || root.isMissingNode() || root.isNull()) {
			return new ConnectionChoices(null, null, null, null);
		}
		if (!root.isObject()) {
			throw new CommandFailure(ExitStatus.USAGE, "the config file " + file + " must be a mapping of " + KEYS);
		}
		for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
			String key = names.next();
			if (!KEYS.contains(key)) {
				throw new CommandFailure(ExitStatus.USAGE,
						"the config file " + file + " has an unknown key '" + key + "'; it may set " + KEYS);
			}
		}
		String caFile = text(file, root, "ca-file");
		Path base = file.toAbsolutePath().getParent();
		return new ConnectionChoices(text(file, root, "server"), text(file, root, "token"),
				(caFile != null) ? base.resolve(caFile) : null, flag(file, root, "insecure"));
	}

	/** A text setting: a mapping or a list there is an error, not an unset value. */
	private static String text(Path file, JsonNode root, String key) {
		JsonNode value = root.get(key);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isValueNode()) {
			throw new CommandFailure(ExitStatus.USAGE, "the config file " + file + " sets " + key + " to a "
					+ (value.isArray() ? "list" : "mapping") + "; it takes one value");
		}
		return value.asText().isBlank() ? null : value.asText().trim();
	}

	/** A yes-or-no setting: true or false, nothing that would quietly read as false. */
	private static Boolean flag(Path file, JsonNode root, String key) {
		JsonNode value = root.get(key);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isBoolean()) {
			throw new CommandFailure(ExitStatus.USAGE,
					"the config file " + file + " sets " + key + " to '" + value.asText() + "'; it takes true or false");
		}
		return value.booleanValue();
	}

}
