package io.mcpconfig.client.local;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

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
	 * @throws LocalFileException if the file cannot be read or is not valid YAML; the
	 * message names the file, and the line and column of a syntax error
	 */
	public static Map<String, String> read(Resource resource, String description) {
		try {
			Map<String, String> properties = new LinkedHashMap<>();
			for (PropertySource<?> document : new YamlPropertySourceLoader().load(description, resource)) {
				EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) document;
				for (String name : enumerable.getPropertyNames()) {
					Object value = enumerable.getProperty(name);
					properties.put(name, (value != null) ? value.toString() : "");
				}
			}
			return properties;
		}
		catch (IOException ex) {
			throw new LocalFileException("Cannot read " + description + ": " + ex, ex);
		}
		catch (RuntimeException ex) {
			throw new LocalFileException(StringUtils.capitalize(description) + " is not valid YAML: " + syntaxError(ex),
					ex);
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
