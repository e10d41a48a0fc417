package io.mcpconfig.client.event;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One changed property.
 *
 * @param key the property name
 * @param oldValue the value before, {@code null} when {@link ChangeType#ADDED}
 * @param newValue the value after, {@code null} when {@link ChangeType#DELETED}
 * @param type how the property changed
 */
public record PropertyChange(String key, String oldValue, String newValue, ChangeType type) {

	public PropertyChange {
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(type, "type");
	}

	/**
	 * The changes that turn one set of properties into another.
	 * @param before the properties before
	 * @param after the properties after
	 * @return every added, modified and deleted property by key, sorted by key, unmodifiable
	 */
	public static Map<String, PropertyChange> between(Map<String, String> before, Map<String, String> after) {
		Map<String, PropertyChange> changes = new TreeMap<>();
		before.forEach((key, oldValue) -> {
			String newValue = after.get(key);
			if (newValue == null) {
				changes.put(key, new PropertyChange(key, oldValue, null, ChangeType.DELETED));
			}
			else if (!newValue.equals(oldValue)) {
				changes.put(key, new PropertyChange(key, oldValue, newValue, ChangeType.MODIFIED));
			}
		});
		after.forEach((key, newValue) -> {
			if (!before.containsKey(key)) {
				changes.put(key, new PropertyChange(key, null, newValue, ChangeType.ADDED));
			}
		});
		return Collections.unmodifiableMap(changes);
	}

}
