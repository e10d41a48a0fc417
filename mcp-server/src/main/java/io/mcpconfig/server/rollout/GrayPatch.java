package io.mcpconfig.server.rollout;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import io.mcpconfig.server.release.ConfigDocuments;
import io.mcpconfig.server.release.ProfileDocument;
import io.mcpconfig.server.release.PropertyCover;
import io.mcpconfig.server.release.SharedLayer;

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
		PropertyCover.removeWithin(patched.keySet(), removals);
		PropertyCover.putOver(patched, upserts);
		return patched;
	}

	/**
	 * The keys this patch changes that an application's documents cannot hold as the gray
	 * served them over the shared layer, which ranks below the application's plain
	 * properties but above them with its profile documents: a removed key the shared layer
	 * sets would come back, and a set key that a shared profile document sets to another
	 * value would be overridden for the instances with that profile. A document no
	 * instance activates counts too: the center cannot know which profiles will come.
	 * @param shared the env's shared layer, {@code null} when there is none
	 * @return why the promote would change what the gray instances got, one line a key;
	 * empty when it would not
	 */
	public List<String> lostOver(SharedLayer shared) {
		if (shared == null) {
			return List.of();
		}
		List<String> lost = new ArrayList<>();
		for (String key : removals) {
			if (shared.properties().containsKey(key)) {
				lost.add("it removes '" + key + "', which the shared layer sets: an application cannot remove a shared key");
			}
			else {
				profileSetting(shared, key).ifPresent((document) -> lost.add("it removes '" + key
						+ "', which the shared layer's document on-profile '" + document.onProfile() + "' sets"));
			}
		}
		new TreeSet<>(upserts.keySet()).forEach((key) -> profileSetting(shared, key, upserts.get(key))
			.ifPresent((document) -> lost.add("it sets '" + key + "', which the shared layer's document on-profile '"
					+ document.onProfile() + "' sets to another value and would override for the instances with that"
					+ " profile")));
		return lost;
	}

	private static Optional<ProfileDocument> profileSetting(SharedLayer shared, String key) {
		return profileSetting(shared, key, null);
	}

	/** The first shared profile document that sets {@code key}, to another value than {@code value} if given. */
	private static Optional<ProfileDocument> profileSetting(SharedLayer shared, String key, String value) {
		return shared.profiles()
			.stream()
			.filter((document) -> document.properties().containsKey(key)
					&& !document.properties().get(key).equals(value))
			.findFirst();
	}

	/**
	 * The patch made part of a configuration, as a promote does: the keys it names leave
	 * the profile documents too, since a gray instance saw the patch over them.
	 */
	public ConfigDocuments applyTo(ConfigDocuments documents) {
		PropertyCover set = new PropertyCover().add(upserts.keySet());
		List<ProfileDocument> profiles = documents.profiles().stream().map((document) -> {
			Map<String, String> kept = new HashMap<>(document.properties());
			kept.keySet().removeIf(set::hides);
			PropertyCover.removeWithin(kept.keySet(), removals);
			return new ProfileDocument(document.onProfile(), kept);
		}).toList();
		return new ConfigDocuments(applyTo(documents.properties()), profiles);
	}

}
