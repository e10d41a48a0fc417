package io.mcpconfig.server.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;

import io.mcpconfig.server.release.ConfigDocuments;
import io.mcpconfig.server.release.ProfileDocument;

/**
 * Reads the activation of one document of a multi-document configuration as Spring Boot
 * does: {@code spring.config.activate.on-profile} (an expression, or a list of profiles
 * any of which activates it). What the center cannot decide for an instance is refused
 * with the key and its place: {@code on-cloud-platform}, the legacy {@code spring.profiles}
 * and any other {@code spring.config.activate.*}, and the profile settings Boot itself
 * refuses in a profile document.
 */
final class ProfileActivation {

	private static final String ACTIVATE = "spring.config.activate.";

	private static final String ON_PROFILE = "spring.config.activate.onprofile";

	private static final String LEGACY = "spring.profiles";

	private static final List<String> NOT_IN_PROFILE_DOCUMENTS = List.of("spring.profiles.active",
			"spring.profiles.include", "spring.profiles.group", "spring.profiles.default");

	private ProfileActivation() {
	}

	/**
	 * One document with its activation taken out of its properties.
	 * @param properties the document's flat properties
	 * @param where says where a key is, for messages ({@code "at line 12"})
	 * @throws ConfigParseException when the document's activation cannot be served
	 */
	static ConfigDocuments.Document document(Map<String, String> properties, Function<String, String> where) {
		Map<String, String> rest = new LinkedHashMap<>();
		TreeMap<String, String> onProfile = new TreeMap<>(ProfileActivation::byIndex);
		properties.forEach((key, value) -> {
			String canonical = canonical(key);
			String unindexed = unindexed(canonical);
			if (unindexed.equals(ON_PROFILE)) {
				requireIndex(key, where);
				onProfile.put(key, value);
			}
			else if (canonical.startsWith(ACTIVATE)) {
				throw refused(key, where, (canonical.startsWith(ACTIVATE + "oncloudplatform"))
						? "is not supported: the center does not know an instance's cloud platform; give the"
								+ " instances a label and publish an overlay for it"
						: "is not an activation Spring Boot knows; use spring.config.activate.on-profile");
			}
			else if (unindexed.equals(LEGACY)) {
				throw refused(key, where, "is the legacy profile activation, which Spring Boot no longer reads;"
						+ " write spring.config.activate.on-profile");
			}
			else {
				rest.put(key, value);
			}
		});
		if (onProfile.isEmpty()) {
			return new ConfigDocuments.Document(null, rest);
		}
		String firstKey = onProfile.firstKey();
		List<String> items = onProfile.entrySet().stream().flatMap(ProfileActivation::items).toList();
		String expression = (items.size() == 1) ? items.get(0)
				: String.join(" | ", items.stream().map(ProfileActivation::grouped).toList());
		for (String key : rest.keySet()) {
			String canonical = canonical(key);
			for (String refused : NOT_IN_PROFILE_DOCUMENTS) {
				if (canonical.equals(refused) || canonical.startsWith(refused + ".") || canonical.startsWith(refused + "[")) {
					throw refused(key, where, "cannot be set in a profile document (Spring Boot refuses it there too)");
				}
			}
		}
		try {
			new ProfileDocument(expression, Map.of());
		}
		catch (IllegalArgumentException ex) {
			throw new ConfigParseException("'" + firstKey + "' " + where.apply(firstKey) + ": " + ex.getMessage());
		}
		return new ConfigDocuments.Document(expression, rest);
	}

	/**
	 * One document that every instance it is served to gets whole (an overlay, a gray
	 * patch): a profile activation in it is refused, as it would not make it profile-specific
	 * but be served as a plain key.
	 * @param properties the document's flat properties
	 * @param where says where a key is, for messages ({@code "at line 12"})
	 * @return the same properties
	 * @throws ConfigParseException when a key activates the document
	 */
	static Map<String, String> unconditional(Map<String, String> properties, Function<String, String> where) {
		for (String key : properties.keySet()) {
			String canonical = canonical(key);
			if (canonical.startsWith(ACTIVATE) || unindexed(canonical).equals(LEGACY)) {
				throw refused(key, where, "would make the document profile-specific, and an overlay or a gray patch"
						+ " cannot be: it applies to every instance it selects. Select the instances by a label"
						+ " instead, or publish a profile document in the target's configuration");
			}
		}
		return properties;
	}

	/**
	 * The configuration that documents make, in order.
	 * @throws ConfigParseException when there are more profile documents than allowed
	 */
	static ConfigDocuments documents(List<ConfigDocuments.Document> documents) {
		long profiled = documents.stream().filter((document) -> document.onProfile() != null).count();
		if (profiled > ConfigDocuments.MAX_PROFILE_DOCUMENTS) {
			throw new ConfigParseException("the configuration has " + profiled + " profile documents; at most "
					+ ConfigDocuments.MAX_PROFILE_DOCUMENTS + " are served");
		}
		return ConfigDocuments.of(new ArrayList<>(documents));
	}

	/**
	 * The profiles of one {@code on-profile} value. Boot binds the key to a {@code String[]}:
	 * a single text value is split at its commas ({@code "asia, prod"} is two items), a
	 * list item is taken whole.
	 */
	private static Stream<String> items(Map.Entry<String, String> onProfile) {
		if (index(onProfile.getKey()) >= 0) {
			return Stream.of(onProfile.getValue().strip());
		}
		return Arrays.stream(onProfile.getValue().split(",", -1)).map(String::strip);
	}

	/** A list item that is itself an expression keeps its meaning inside {@code a | b}. */
	private static String grouped(String profile) {
		return (profile.contains("&") || profile.contains("|") || profile.contains("!")) ? "(" + profile + ")" : profile;
	}

	/** An index Spring Boot's binder cannot read as an int would fail every instance's start. */
	private static void requireIndex(String key, Function<String, String> where) {
		try {
			index(key);
		}
		catch (NumberFormatException ex) {
			throw refused(key, where, "has a list index beyond " + Integer.MAX_VALUE + ", which Spring Boot cannot read");
		}
	}

	private static int byIndex(String left, String right) {
		return Integer.compare(index(left), index(right));
	}

	private static int index(String key) {
		int open = key.lastIndexOf('[');
		return (open < 0) ? -1 : Integer.parseInt(key.substring(open + 1, key.length() - 1));
	}

	private static String unindexed(String canonical) {
		return canonical.replaceAll("\\[\\d+]$", "");
	}

	/** Relaxed binding's view of a name: case, dashes and underscores do not matter. */
	private static String canonical(String key) {
		return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
	}

	private static ConfigParseException refused(String key, Function<String, String> where, String problem) {
		return new ConfigParseException("'" + key + "' " + where.apply(key) + " " + problem);
	}

}
