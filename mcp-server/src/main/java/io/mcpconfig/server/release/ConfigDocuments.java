package io.mcpconfig.server.release;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A configuration as Spring Boot reads a multi-document {@code application.yml}: the
 * properties every instance gets, and profile documents in the order they were written.
 * <p>
 * Boot lets a later document win. Keeping that exact for every set of active profiles
 * needs no list of all documents: the plain documents merge into {@code properties}, and
 * a profile document drops each key that a later plain document sets again (that later
 * document wins over it for every instance anyway). Profile documents then apply in
 * order over the plain properties.
 *
 * @param properties what every instance gets
 * @param profiles the profile documents, in document order
 */
public record ConfigDocuments(Map<String, String> properties, List<ProfileDocument> profiles) {

	/** No property at all. */
	public static final ConfigDocuments EMPTY = new ConfigDocuments(Map.of(), List.of());

	/** The most profile documents one configuration may hold: each is matched on every subscribe. */
	public static final int MAX_PROFILE_DOCUMENTS = 64;

	public ConfigDocuments {
		properties = Map.copyOf(properties);
		profiles = List.copyOf(profiles);
		if (profiles.size() > MAX_PROFILE_DOCUMENTS) {
			throw new IllegalArgumentException("at most " + MAX_PROFILE_DOCUMENTS + " profile documents, found "
					+ profiles.size());
		}
	}

	/** A configuration without profile documents. */
	public static ConfigDocuments plain(Map<String, String> properties) {
		return new ConfigDocuments(properties, List.of());
	}

	/**
	 * The configuration that documents written in this order make.
	 * @param documents each with its profile expression, {@code null} for a plain document
	 */
	public static ConfigDocuments of(List<Document> documents) {
		Map<String, String> plain = new HashMap<>();
		List<ProfileDocument> profiled = new ArrayList<>();
		PropertyCover setLater = new PropertyCover();
		for (int i = documents.size() - 1; i >= 0; i--) {
			Document document = documents.get(i);
			Map<String, String> kept = new HashMap<>(document.properties());
			kept.keySet().removeIf(setLater::hides);
			if (document.onProfile() == null) {
				plain.putAll(kept);
				setLater.add(kept.keySet());
			}
			else {
				profiled.add(0, new ProfileDocument(document.onProfile(), kept));
			}
		}
		return new ConfigDocuments(plain, profiled);
	}

	/** The same configuration as documents in order: the plain properties, then each profile document. */
	public List<Document> asDocuments() {
		List<Document> documents = new ArrayList<>();
		documents.add(new Document(null, properties));
		profiles.forEach((document) -> documents.add(new Document(document.onProfile(), document.properties())));
		return documents;
	}

	/** Whether it holds no property at all, in no document. */
	public boolean isEmpty() {
		return properties.isEmpty() && profiles.stream().allMatch((document) -> document.properties().isEmpty());
	}

	/** Whether it has profile documents. */
	public boolean hasProfiles() {
		return !profiles.isEmpty();
	}

	/**
	 * Which profile documents apply to an instance with these profiles active: bit {@code i}
	 * for document {@code i}.
	 */
	public long matching(Collection<String> activeProfiles) {
		long mask = 0;
		for (int i = 0; i < profiles.size(); i++) {
			if (profiles.get(i).appliesTo(activeProfiles)) {
				mask |= 1L << i;
			}
		}
		return mask;
	}

	/** The plain properties with the profile documents of {@code mask} over them, in order. */
	public Map<String, String> resolve(long mask) {
		if (mask == 0) {
			return properties;
		}
		Map<String, String> resolved = new HashMap<>(properties);
		putProfiles(resolved, mask);
		return resolved;
	}

	/** Puts the properties of the profile documents of {@code mask} into {@code into}, in order. */
	public void putProfiles(Map<String, String> into, long mask) {
		for (int i = 0; i < profiles.size(); i++) {
			if ((mask & (1L << i)) != 0) {
				PropertyCover.putOver(into, profiles.get(i).properties());
			}
		}
	}

	/**
	 * The profile documents merged per expression, in the order the expressions first
	 * appear: what the instances with that expression active get from them (a later
	 * document of the same expression wins over an earlier one).
	 */
	public Map<String, Map<String, String>> byProfile() {
		Map<String, Map<String, String>> byProfile = new LinkedHashMap<>();
		for (ProfileDocument document : profiles) {
			PropertyCover.putOver(byProfile.computeIfAbsent(document.onProfile(), (expression) -> new TreeMap<>()),
					document.properties());
		}
		return byProfile;
	}

	/**
	 * One flat listing of everything, for diffs and the audit log: plain keys as they are,
	 * a profile document's keys as {@code key [on-profile: expression]} (a later document
	 * of the same expression shows over an earlier one).
	 */
	public Map<String, String> listing() {
		if (profiles.isEmpty()) {
			return properties;
		}
		Map<String, String> listing = new TreeMap<>(properties);
		for (ProfileDocument document : profiles) {
			document.properties()
				.forEach((key, value) -> listing.put(key + " [on-profile: " + document.onProfile() + "]", value));
		}
		return listing;
	}

	/**
	 * One document as written.
	 *
	 * @param onProfile its profile expression, {@code null} when it applies to every instance
	 * @param properties what it sets
	 */
	public record Document(String onProfile, Map<String, String> properties) {
	}

}
