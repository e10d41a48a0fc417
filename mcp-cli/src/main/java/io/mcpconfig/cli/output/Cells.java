package io.mcpconfig.cli.output;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** How JSON values of the center's answers read in one table cell. */
public final class Cells {

	private Cells() {
	}

	/** An array of names as {@code a,b}. */
	public static String joined(JsonNode array) {
		List<String> names = new ArrayList<>();
		array.forEach((name) -> names.add(name.asText()));
		return String.join(",", names);
	}

	/** A map of labels as {@code k=v,k2=v2}, as a selector reads. */
	public static String labels(JsonNode map) {
		List<String> pairs = new ArrayList<>();
		map.fields().forEachRemaining((entry) -> pairs.add(entry.getKey() + "=" + entry.getValue().asText()));
		return String.join(",", pairs);
	}

}
