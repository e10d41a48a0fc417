package io.mcpconfig.client.snapshot;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.protocol.ConfigChecksum;

/**
 * The snapshot file's content, format {@value #VERSION}: one JSON object with the format
 * version, the target, the release version, checksum and publication time, when it was
 * saved, the active profiles and the labels it was served for, and the properties sorted
 * by key, one {@code [key, value]} pair per line. Only ASCII is written (everything else
 * as {@code \\uXXXX}), so the file reads back exactly with the YAML parser the client
 * already has, which would fold a raw U+2028 as a line break. Property and label keys are
 * not JSON object keys: the YAML parser refuses a key longer than 1024 characters, and the
 * center accepts longer ones. Formats 2 (no profiles nor labels) and
 * {@value #OBJECT_PROPERTIES} (properties as an object as well), which earlier clients
 * wrote, are still read; they did not record what they were served for.
 */
final class SnapshotFormat {

	static final int VERSION = 3;

	static final int OBJECT_PROPERTIES = 1;

	// Far above any real configuration, yet bounded: SnakeYAML's default is 3 MB.
	private static final int MAX_CODE_POINTS = 64 * 1024 * 1024;

	private SnapshotFormat() {
	}

	static String write(HeldConfig config, ProfilesAndLabels servedFor, Instant savedAt) {
		StringBuilder json = new StringBuilder(256 + config.properties().size() * 64);
		json.append("{\n");
		json.append("  \"format\": ").append(VERSION).append(",\n");
		json.append("  \"app\": ").append(quote(config.target().app())).append(",\n");
		json.append("  \"env\": ").append(quote(config.target().env())).append(",\n");
		json.append("  \"version\": ").append(config.version()).append(",\n");
		json.append("  \"checksum\": ").append(quote(config.checksum())).append(",\n");
		json.append("  \"publishedAt\": ").append(quote(config.publishedAt().toString())).append(",\n");
		json.append("  \"savedAt\": ").append(quote(savedAt.toString())).append(",\n");
		json.append("  \"profiles\": [");
		json.append(String.join(", ", servedFor.profiles().stream().map(SnapshotFormat::quote).toList()));
		json.append("],\n");
		json.append("  \"labels\": [");
		json.append(String.join(", ", servedFor.labels()
			.entrySet()
			.stream()
			.map((label) -> "[" + quote(label.getKey()) + ", " + quote(label.getValue()) + "]")
			.toList()));
		json.append("],\n");
		json.append("  \"properties\": [");
		String separator = "\n";
		for (Map.Entry<String, String> property : new TreeMap<>(config.properties()).entrySet()) {
			json.append(separator).append("    [").append(quote(property.getKey())).append(", ");
			json.append(quote(property.getValue())).append(']');
			separator = ",\n";
		}
		json.append(config.properties().isEmpty() ? "]\n" : "\n  ]\n");
		return json.append("}\n").toString();
	}

	static Snapshot read(Path file, String json, ConfigTarget expected, Instant now) throws InvalidSnapshotException {
		Map<?, ?> root = parse(file, json);
		Object format = root.get("format");
		if (!(format instanceof Integer number) || number < OBJECT_PROPERTIES || number > VERSION) {
			throw new InvalidSnapshotException(file, "format " + format + " is not supported (this client reads formats "
					+ OBJECT_PROPERTIES + " to " + VERSION + ")");
		}
		ConfigTarget target = target(file, root);
		if (!target.equals(expected)) {
			throw new InvalidSnapshotException(file, "it holds the configuration of " + target + ", not " + expected);
		}
		Map<String, String> properties = (number == OBJECT_PROPERTIES) ? properties(file, root.get("properties"))
				: pairs(file, root, "properties", "property");
		String checksum = text(file, root, "checksum");
		String actual = ConfigChecksum.of(properties);
		if (!actual.equals(checksum)) {
			throw new InvalidSnapshotException(file, "its properties hash to " + actual + ", not to the checksum "
					+ checksum + " it was saved with (edited or damaged)");
		}
		Object version = root.get("version");
		if (!(version instanceof Integer || version instanceof Long) || ((Number) version).longValue() < 0) {
			throw new InvalidSnapshotException(file, "version " + version + " is not a release version");
		}
		HeldConfig config = new HeldConfig(target, ((Number) version).longValue(), checksum, properties,
				ConfigSource.SNAPSHOT, instant(file, root, "publishedAt"), now);
		ProfilesAndLabels servedFor = (number == VERSION)
				? new ProfilesAndLabels(profiles(file, root), pairs(file, root, "labels", "label")) : null;
		return new Snapshot(config, instant(file, root, "savedAt"), servedFor);
	}

	static Map<?, ?> parse(Path file, String json) throws InvalidSnapshotException {
		LoaderOptions options = new LoaderOptions();
		options.setAllowDuplicateKeys(false);
		options.setCodePointLimit(MAX_CODE_POINTS);
		Object root;
		try {
			root = new Yaml(new SafeConstructor(options)).load(json);
		}
		catch (RuntimeException ex) {
			throw new InvalidSnapshotException(file, "it is not valid JSON (truncated or damaged): " + ex.getMessage(),
					ex);
		}
		if (!(root instanceof Map<?, ?> map)) {
			throw new InvalidSnapshotException(file, (root == null) ? "it is empty" : "it is not a JSON object");
		}
		return map;
	}

	static ConfigTarget target(Path file, Map<?, ?> root) throws InvalidSnapshotException {
		try {
			return new ConfigTarget(text(file, root, "app"), text(file, root, "env"));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSnapshotException(file, "its target is invalid: " + ex.getMessage(), ex);
		}
	}

	static String text(Path file, Map<?, ?> root, String field) throws InvalidSnapshotException {
		if (!(root.get(field) instanceof String text)) {
			throw new InvalidSnapshotException(file, "\"" + field + "\" is missing or not a string");
		}
		return text;
	}

	static Instant instant(Path file, Map<?, ?> root, String field) throws InvalidSnapshotException {
		try {
			return Instant.parse(text(file, root, field));
		}
		catch (DateTimeParseException ex) {
			throw new InvalidSnapshotException(file, "\"" + field + "\" is not an ISO-8601 instant", ex);
		}
	}

	private static Map<String, String> properties(Path file, Object properties) throws InvalidSnapshotException {
		if (!(properties instanceof Map<?, ?> map)) {
			throw new InvalidSnapshotException(file, "\"properties\" is missing or not an object");
		}
		Map<String, String> result = new LinkedHashMap<>();
		for (Map.Entry<?, ?> property : map.entrySet()) {
			if (!(property.getKey() instanceof String key) || !(property.getValue() instanceof String value)) {
				throw new InvalidSnapshotException(file,
						"property " + property.getKey() + " is not a string to string entry");
			}
			result.put(key, value);
		}
		return result;
	}

	private static List<String> profiles(Path file, Map<?, ?> root) throws InvalidSnapshotException {
		if (!(root.get("profiles") instanceof List<?> list)) {
			throw new InvalidSnapshotException(file, "\"profiles\" is missing or not an array");
		}
		for (Object profile : list) {
			if (!(profile instanceof String)) {
				throw new InvalidSnapshotException(file, "profile " + profile + " is not a string");
			}
		}
		return list.stream().map(String.class::cast).toList();
	}

	private static Map<String, String> pairs(Path file, Map<?, ?> root, String field, String noun)
			throws InvalidSnapshotException {
		if (!(root.get(field) instanceof List<?> list)) {
			throw new InvalidSnapshotException(file, "\"" + field + "\" is missing or not an array");
		}
		Map<String, String> result = new LinkedHashMap<>();
		for (Object pair : list) {
			if (!(pair instanceof List<?> entry) || entry.size() != 2 || !(entry.get(0) instanceof String key)
					|| !(entry.get(1) instanceof String value)) {
				throw new InvalidSnapshotException(file, noun + " " + pair + " is not a [key, value] pair of strings");
			}
			if (result.put(key, value) != null) {
				throw new InvalidSnapshotException(file, noun + " " + key + " appears twice");
			}
		}
		return result;
	}

	static String quote(String text) {
		StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\\') {
				quoted.append('\\').append(c);
			}
			else if (c < 0x20 || c > 0x7e) {
				quoted.append(String.format("\\u%04x", (int) c));
			}
			else {
				quoted.append(c);
			}
		}
		return quoted.append('"').toString();
	}

}
