package io.mcpconfig.server.release;

import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The keys of a layer of configuration that a layer over it hides, as Spring Boot's binder
 * sees them when each layer is a property source of its own: the same property written in
 * another relaxed form ({@code sample.maxConnections} over {@code sample.max-connections}),
 * and a whole list when the layer over it sets the list ({@code servers[0]} over
 * {@code servers[0..2]}: Boot binds a list from the first source that has it, it never
 * merges a shorter list into a longer one). The center flattens every layer into one map,
 * so a plain {@code putAll} kept the tail of a lower list and the lower of two forms.
 * <p>
 * A map's entries still merge key by key, as in Boot; an index is a list's only when it
 * is a number ({@code data-source-properties[password]} is a map key).
 */
public final class PropertyCover {

	/** The covering keys in Boot's uniform form. */
	private final Set<String> names = new HashSet<>();

	/** The lists the covering keys set, uniform, without their index. */
	private final Set<String> lists = new HashSet<>();

	/** Adds the keys of a layer that covers those below it. */
	public PropertyCover add(Collection<String> keys) {
		for (String key : keys) {
			String name = uniform(key);
			this.names.add(name);
			for (int at = listIndex(name, 0); at >= 0; at = listIndex(name, at + 1)) {
				this.lists.add(name.substring(0, at));
			}
		}
		return this;
	}

	/** Whether a key of a layer below is hidden by the keys added. */
	public boolean hides(String key) {
		String name = uniform(key);
		if (this.names.contains(name) || this.lists.contains(name)) {
			return true;
		}
		for (int at = listIndex(name, 0); at >= 0; at = listIndex(name, at + 1)) {
			String list = name.substring(0, at);
			if (this.names.contains(list) || this.lists.contains(list)) {
				return true;
			}
		}
		return false;
	}

	/** {@code into} with {@code layer} over it: what {@code layer} hides is dropped first. */
	public static void putOver(Map<String, String> into, Map<String, String> layer) {
		if (layer.isEmpty()) {
			return;
		}
		PropertyCover cover = new PropertyCover().add(layer.keySet());
		into.keySet().removeIf(cover::hides);
		into.putAll(layer);
	}

	/**
	 * Removes keys as a removal of each of {@code removed} means it: the property in any
	 * relaxed form, and what is inside it (a list's items, a map's or an object's entries).
	 */
	public static void removeWithin(Collection<String> keys, Collection<String> removed) {
		if (removed.isEmpty()) {
			return;
		}
		Set<String> gone = new HashSet<>();
		removed.forEach((key) -> gone.add(uniform(key)));
		keys.removeIf((key) -> {
			String name = uniform(key);
			if (gone.contains(name)) {
				return true;
			}
			for (int at = 0; at < name.length(); at++) {
				char c = name.charAt(at);
				if ((c == '.' || c == '[') && gone.contains(name.substring(0, at))) {
					return true;
				}
			}
			return false;
		});
	}

	/**
	 * Boot's uniform form of a property name, which its binder compares: letters and digits
	 * of each element in lower case, dashes and other marks dropped; an index in brackets as
	 * written.
	 */
	static String uniform(String key) {
		StringBuilder name = new StringBuilder(key.length());
		boolean inIndex = false;
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (inIndex) {
				name.append(c);
				inIndex = c != ']';
			}
			else if (c == '[') {
				name.append(c);
				inIndex = true;
			}
			else if (c == '.') {
				name.append(c);
			}
			else if (Character.isLetterOrDigit(c)) {
				name.append(Character.toLowerCase(c));
			}
		}
		return name.toString();
	}

	/** Where the next list index of a uniform name starts at or after {@code from}, -1 when none. */
	private static int listIndex(String name, int from) {
		for (int at = name.indexOf('[', from); at >= 0; at = name.indexOf('[', at + 1)) {
			int end = name.indexOf(']', at);
			if (end > at + 1 && isDigits(name, at + 1, end)) {
				return at;
			}
		}
		return -1;
	}

	private static boolean isDigits(String text, int from, int to) {
		for (int i = from; i < to; i++) {
			if (!Character.isDigit(text.charAt(i))) {
				return false;
			}
		}
		return true;
	}

}
