package io.mcpconfig.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A benchmark's {@code --name=value} arguments, each name one it knows. */
final class Options {

	private final Map<String, String> values;

	private Options(Map<String, String> values) {
		this.values = values;
	}

	static Options parse(String[] args, Set<String> known) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			String name = (arg.startsWith("--") && equals > 2) ? arg.substring(2, equals) : null;
			if (name == null || !known.contains(name)) {
				throw new IllegalArgumentException("unknown argument '" + arg + "'; use --name=value with a name of "
						+ known.stream().sorted().toList());
			}
			values.put(name, arg.substring(equals + 1));
		}
		return new Options(values);
	}

	String get(String name) {
		return this.values.get(name);
	}

	String get(String name, String otherwise) {
		return this.values.getOrDefault(name, otherwise);
	}

	int getInt(String name, int otherwise) {
		return this.values.containsKey(name) ? Integer.parseInt(this.values.get(name)) : otherwise;
	}

	boolean has(String name) {
		return this.values.containsKey(name);
	}

}
