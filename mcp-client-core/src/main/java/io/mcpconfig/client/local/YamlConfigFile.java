package io.mcpconfig.client.local;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.Resource;
import org.springframework.util.StringUtils;

/**
 * A YAML file read into flat properties the way Spring Boot reads {@code application.yml}
 * ({@code sample.max-connections}, {@code servers[0]}), with Boot's own loader. Documents
 * of a multi-document file are merged in order, a later one overriding an earlier one.
 */
public final class YamlConfigFile {

	private YamlConfigFile() {
	}

	/**
	 * Reads a YAML file.
	 * @param resource the file
	 * @param description the file as the user named it, for messages, such as
	 * {@code the fallback classpath:config-local.yaml}
	 * @return the properties, in file order
	 * @throws LocalFileException if the file cannot be read, is not valid YAML or holds a
	 * value that is not a string, number or boolean; the message names the file, and the
	 * line and column of a syntax error or the key of the value
	 */
	public static Map<String, String> read(Resource resource, String description) {
		Map<String, String> properties = new LinkedHashMap<>();
		for (PropertySource<?> document : load(resource, description)) {
			EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) document;
			for (String name : enumerable.getPropertyNames()) {
				properties.put(name, scalar(enumerable.getProperty(name), name, description));
			}
		}
		return properties;
	}

	// Only scalars have a stable text form: toString() of a !!binary value (a byte[]) or
	// another tagged object differs on every read, so the file would never read the same.
	private static String scalar(Object value, String name, String description) {
		if (value == null) {
			return "";
		}
		if (value instanceof String || value instanceof Number || value instanceof Boolean) {
			return value.toString();
		}
		throw new LocalFileException(StringUtils.capitalize(description) + " has a value of type "
				+ value.getClass().getSimpleName() + " at " + name + ": only strings, numbers and booleans can be served",
				null);
	}

	private static List<PropertySource<?>> load(Resource resource, String description) {
		try {
			withinLimits(resource);
			return new YamlPropertySourceLoader().load(description, resource);
		}
		catch (IOException ex) {
			throw new LocalFileException("Cannot read " + description + ": " + ex, ex);
		}
		catch (RuntimeException ex) {
			throw new LocalFileException(StringUtils.capitalize(description) + " is not valid YAML: " + syntaxError(ex),
					ex);
		}
	}

	/**
	 * Composes the file with SnakeYAML's default limits, as the config center does with a
	 * published body, before Boot's loader, which allows any number of aliases: an alias
	 * bomb (billion laughs) is refused here instead of exhausting the heap.
	 */
	private static void withinLimits(Resource resource) throws IOException {
		try (Reader reader = new InputStreamReader(resource.getInputStream(), StandardCharsets.UTF_8)) {
			for (Node ignored : new Yaml(new LoaderOptions()).composeAll(reader)) {
				// composing each document is the check
			}
		}
	}

	private static String syntaxError(RuntimeException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
				Mark mark = marked.getProblemMark();
				String context = (marked.getContext() != null) ? " (" + marked.getContext() + ")" : "";
				return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": "
						+ marked.getProblem() + context;
			}
		}
		return ex.getMessage();
	}

}
