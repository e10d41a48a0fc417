package io.mcpconfig.server.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.mcpconfig.protocol.SecretKeys;

/**
 * The keys one release changed against another, with their old and new values as they
 * may be shown: a secret-looking key's value masked whole, passwords inside URLs and
 * connection strings masked ({@link SecretKeys}, the client's rule).
 * <p>
 * Whatever was published, an entry stays far below etcd's request limit, a page of them
 * fits one answer and 10 000 of them etcd's space quota: a value is shown up to
 * {@value #MAX_VALUE_LENGTH} characters, and changes are listed in key order until keys
 * and values reach {@value #MAX_LISTED_LENGTH} characters; the rest are only counted
 * ({@code omitted}). The releases hold the full values.
 *
 * @param added keys that are new, with their new values
 * @param modified keys whose values changed, with both values
 * @param removed keys that are gone, with their old values
 * @param omitted how many more changes there are than are listed
 */
public record KeyChanges(List<KeyChange> added, List<KeyChange> modified, List<KeyChange> removed,
		@JsonInclude(JsonInclude.Include.NON_DEFAULT) int omitted) {

	static final int MAX_VALUE_LENGTH = 1024;

	static final int MAX_LISTED_LENGTH = 16 * 1024;

	public KeyChanges {
		added = List.copyOf(added);
		modified = List.copyOf(modified);
		removed = List.copyOf(removed);
	}

	/**
	 * The changes from one configuration to another.
	 * @param before the properties before, empty when there were none
	 * @param after the properties after
	 * @return what changed, in key order
	 */
	public static KeyChanges between(Map<String, String> before, Map<String, String> after) {
		List<KeyChange> added = new ArrayList<>();
		List<KeyChange> modified = new ArrayList<>();
		List<KeyChange> removed = new ArrayList<>();
		int omitted = 0;
		long listed = 0;
		TreeSet<String> keys = new TreeSet<>(before.keySet());
		keys.addAll(after.keySet());
		for (String key : keys) {
			String oldValue = before.get(key);
			String newValue = after.get(key);
			if (oldValue != null && oldValue.equals(newValue)) {
				continue;
			}
			if (omitted > 0) {
				omitted++; // the listed length is spent: the rest is only counted
				continue;
			}
			KeyChange change = new KeyChange(key, shown(key, oldValue), shown(key, newValue));
			listed += change.length();
			if (listed > MAX_LISTED_LENGTH) {
				omitted++;
				continue;
			}
			(oldValue == null ? added : (newValue == null) ? removed : modified).add(change);
		}
		return new KeyChanges(added, modified, removed, omitted);
	}

	/** Whether nothing changed. */
	@JsonIgnore
	public boolean isEmpty() {
		return added.isEmpty() && modified.isEmpty() && removed.isEmpty() && omitted == 0;
	}

	private static String shown(String key, String value) {
		if (value == null) {
			return null;
		}
		String shown = (String) SecretKeys.shown(key, value);
		if (shown.length() <= MAX_VALUE_LENGTH) {
			return shown;
		}
		int cut = Character.isHighSurrogate(shown.charAt(MAX_VALUE_LENGTH - 1)) ? MAX_VALUE_LENGTH - 1
				: MAX_VALUE_LENGTH;
		return shown.substring(0, cut) + "… (" + shown.length() + " characters)";
	}

	/**
	 * One changed key.
	 *
	 * @param key the key
	 * @param oldValue its value before, none when it was added
	 * @param newValue its value after, none when it was removed
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record KeyChange(String key, String oldValue, String newValue) {

		int length() {
			return this.key.length() + ((this.oldValue != null) ? this.oldValue.length() : 0)
					+ ((this.newValue != null) ? this.newValue.length() : 0);
		}

	}

}
