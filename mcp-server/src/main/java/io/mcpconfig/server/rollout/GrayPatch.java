package io.mcpconfig.server.rollout;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import io.mcpconfig.server.release.ConfigDocuments;
import io.mcpconfig.server.release.ProfileDocument;

/**
 * What a gray release changes in the base: keys it sets override the base's, keys it
 * removes are gone for the gray instances. Every other key follows the base, also when
 * the base is published again during the gray.
 *
 * @param upserts keys set, with their values
 * @param removals keys removed
 */
public record GrayPatch(Map<String, String> upserts, SortedSet<String> removals) {

	public GrayPatch {
		upserts = Map.copyOf(upserts);
		removals = Collections.unmodifiableSortedSet(new TreeSet<>(removals));
		for (String key : removals) {
			if (upserts.containsKey(key)) {
				throw new InvalidRolloutException("the patch both sets and removes '" + key + "'");
			}
		}
	}

	/**
	 * A patch from parsed properties in which a {@code null} value removes its key.
	 * @throws InvalidRolloutException when the patch changes nothing
	 */
	public static GrayPatch of(Map<String, String> patch) {
		Map<String, String> upserts = new HashMap<>();
		TreeSet<String> removals = new TreeSet<>();
		patch.forEach((key, value) -> {
			if (value == null) {
				removals.add(key);
			}
			else {
				upserts.put(key, value);
			}
		});
		if (upserts.isEmpty() && removals.isEmpty()) {
			throw new InvalidRolloutException("the gray patch is empty: set keys to change them, ~ to remove them");
		}
		return new GrayPatch(upserts, removals);
	}

	/** The base with this patch over it. */
	public Map<String, String> applyTo(Map<String, String> base) {
		Map<String, String> patched = new HashMap<>(base);
		removals.forEach(patched::remove);
		patched.putAll(upserts);
		return patched;
	}

	/**
	 * The patch made part of a configuration, as a promote does: the keys it names leave
	 * the profile documents too, since a gray instance saw the patch over them.
	 */
	public ConfigDocuments applyTo(ConfigDocuments documents) {
		List<ProfileDocument> profiles = documents.profiles().stream().map((document) -> {
			Map<String, String> kept = new HashMap<>(document.properties());
			kept.keySet().removeAll(upserts.keySet());
			kept.keySet().removeAll(removals);
			return new ProfileDocument(document.onProfile(), kept);
		}).toList();
		return new ConfigDocuments(applyTo(documents.properties()), profiles);
	}

}
