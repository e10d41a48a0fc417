package io.mcpconfig.bench.streams;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --name=value} arguments, refused when the name is not one of the known ones. */
final class Options {

	private Options() {
	}

	static Map<String, String> parse(String[] args, Collection<String> known) {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			String name = arg.startsWith("--") ? arg.substring(2, (equals > 2) ? equals : arg.length()) : null;
			if (name == null || !known.contains(name)) {
				throw new IllegalArgumentException(
						"unknown argument '" + arg + "'; use --name=value with a name of " + known);
			}
			// a bare --flag means true
			options.put(name, (equals > 2) ? arg.substring(equals + 1) : "true");
		}
		return options;
	}

}
