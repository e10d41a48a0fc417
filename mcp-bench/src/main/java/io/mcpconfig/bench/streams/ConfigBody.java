package io.mcpconfig.bench.streams;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configuration the benchmark publishes: {@code keys} properties, of which only
 * {@code bench.counter} changes from one publish to the next, so each publish after the
 * first of a size is a one-key delta.
 *
 * @param keys how many properties
 * @param counter the value of {@code bench.counter}
 */
record ConfigBody(int keys, long counter) {

	/** The properties as the center flattens the YAML. */
	Map<String, String> properties() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("bench.counter", Long.toString(this.counter));
		for (int k = 1; k < this.keys; k++) {
			properties.put("bench.fixed.key-" + k, "value number " + k);
		}
		return properties;
	}

	/** Flat YAML, one {@code key: value} a line. */
	String yaml() {
		StringBuilder yaml = new StringBuilder(this.keys * 40);
		properties().forEach((key, value) -> yaml.append(key).append(": ").append(value).append('\n'));
		return yaml.toString();
	}

}
