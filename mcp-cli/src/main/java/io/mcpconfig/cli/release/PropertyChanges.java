package io.mcpconfig.cli.release;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The keys that differ between two sets of properties, in the shape the center's dry run
 * answers ({@code added}, {@code modified}, {@code removed}, {@code omitted}), so that both
 * kinds of diff print alike.
 */
public final class PropertyChanges {

	private PropertyChanges() {
	}

	public static ObjectNode between(Map<String, String> before, Map<String, String> after) {
		ObjectNode changes = JsonNodeFactory.instance.objectNode();
		ArrayNode added = changes.putArray("added");
		ArrayNode modified = changes.putArray("modified");
		ArrayNode removed = changes.putArray("removed");
		TreeSet<String> keys = new TreeSet<>(before.keySet());
		keys.addAll(after.keySet());
		for (String key : keys) {
			String oldValue = before.get(key);
			String newValue = after.get(key);
			if (oldValue == null) {
				added.addObject().put("key", key).put("newValue", newValue);
			}
			else if (newValue == null) {
				removed.addObject().put("key", key).put("oldValue", oldValue);
			}
			else if (!oldValue.equals(newValue)) {
				modified.addObject().put("key", key).put("oldValue", oldValue).put("newValue", newValue);
			}
		}
		changes.put("omitted", 0);
		return changes;
	}

	/** A release's {@code properties} as a map. */
	public static Map<String, String> propertiesOf(JsonNode release) {
		Map<String, String> properties = new TreeMap<>();
		release.path("properties").fields().forEachRemaining((entry) -> properties.put(entry.getKey(),
				entry.getValue().asText()));
		return properties;
	}

}
