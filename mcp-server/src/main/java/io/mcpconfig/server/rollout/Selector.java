package io.mcpconfig.server.rollout;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which instances something applies to, by their labels: {@code region=eu,tier=web}
 * matches an instance whose labels include both pairs. The empty selector matches every
 * instance. Stored and shown in its canonical text form, terms sorted by key.
 *
 * @param terms label name to required value, sorted
 */
public record Selector(SortedMap<String, String> terms) {

	/** Matches every instance. */
	public static final Selector ALL = new Selector(new TreeMap<>());

	private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._/-]{1,128}");

	private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._/:-]{0,256}");

	public Selector {
		terms = Collections.unmodifiableSortedMap(new TreeMap<>(terms));
	}

	/**
	 * Reads {@code k=v,k2=v2}; {@code null} or blank is {@link #ALL}.
	 * @param where what the text is, for the message ({@code "selector"})
	 * @throws InvalidRolloutException when a term is not {@code key=value} or names a key twice
	 */
	public static Selector parse(String where, String text) {
		if (text == null || text.isBlank()) {
			return ALL;
		}
		TreeMap<String, String> terms = new TreeMap<>();
		for (String term : text.split(",", -1)) {
			int equals = term.indexOf('=');
			String key = (equals < 0) ? term.trim() : term.substring(0, equals).trim();
			String value = (equals < 0) ? "" : term.substring(equals + 1).trim();
			if (equals < 0 || !KEY.matcher(key).matches() || !VALUE.matcher(value).matches()) {
				throw new InvalidRolloutException(where + " '" + text + "': the term '" + term.trim()
						+ "' must be label=value (label: 1 to 128 of A-Z a-z 0-9 . _ / -; value: up to 256 of"
						+ " those and :), terms separated by commas");
			}
			if (terms.put(key, value) != null) {
				throw new InvalidRolloutException(where + " '" + text + "' names the label '" + key + "' twice");
			}
		}
		return new Selector(terms);
	}

	@JsonCreator
	static Selector fromJson(String text) {
		return parse("stored selector", text);
	}

	/** Whether an instance with these labels is selected. */
	public boolean matches(Map<String, String> labels) {
		for (Map.Entry<String, String> term : terms.entrySet()) {
			if (!term.getValue().equals(labels.get(term.getKey()))) {
				return false;
			}
		}
		return true;
	}

	/** How many labels it requires: more terms, more specific. */
	public int specificity() {
		return terms.size();
	}

	public boolean isAll() {
		return terms.isEmpty();
	}

	/** For people: {@code every instance}, or the terms. */
	public String described() {
		return isAll() ? "every instance" : toString();
	}

	@JsonValue
	@Override
	public String toString() {
		StringBuilder text = new StringBuilder();
		terms.forEach((key, value) -> text.append((text.length() > 0) ? "," : "").append(key).append('=').append(value));
		return text.toString();
	}

}
