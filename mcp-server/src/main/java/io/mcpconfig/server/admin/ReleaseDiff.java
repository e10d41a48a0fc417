package io.mcpconfig.server.admin;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mcpconfig.server.audit.KeyChanges;
import io.mcpconfig.server.release.ConfigDocuments;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.SharedLayer;
import io.mcpconfig.server.rollout.Gray;
import io.mcpconfig.server.rollout.GrayPatch;
import io.mcpconfig.server.rollout.Overlay;

/**
 * What changed from one release of a target to another, part by part, as its instances
 * get them: the base properties, each profile document, the shared layer (its plain
 * properties and each of its profile documents), each overlay and the gray patch. A
 * rollback restores only the target's own documents, so which part a change is in says
 * what a rollback would take back. Values are shown as the audit log shows them
 * (secret-looking ones masked). Only the parts that changed are listed: none, and the two
 * releases serve every instance the same. The shared layer's keys are listed only to a
 * caller that may read the shared app of the env.
 *
 * @param app the application
 * @param env the environment
 * @param fromVersion the older release
 * @param toVersion the newer release
 * @param parts the parts that changed, in the order they apply
 */
public record ReleaseDiff(String app, String env, long fromVersion, long toVersion, List<Part> parts) {

	/** How a key the gray patch removes is listed: the patch's {@code remove} list, as a key. */
	static final String REMOVED_BY_PATCH = " [remove]";

	/**
	 * @param from the older release
	 * @param to the newer release
	 * @param sharedReadable whether the caller may read the env's shared layer: otherwise
	 * only its version is shown, as a release shows it
	 */
	static ReleaseDiff between(Release from, Release to, boolean sharedReadable) {
		List<Part> parts = new ArrayList<>();
		addDocuments(parts, "base", "profile", from.documents(), to.documents(), null, null);
		if (sharedReadable) {
			addDocuments(parts, "shared", "shared-profile", documentsOf(from.shared()), documentsOf(to.shared()),
					versionOf(from.shared()), versionOf(to.shared()));
		}
		else {
			add(parts, new Part("shared", null, versionOf(from.shared()), versionOf(to.shared()),
					KeyChanges.between(Map.of(), Map.of())));
		}
		Set<String> overlays = new TreeSet<>();
		from.rollout().overlays().forEach((overlay) -> overlays.add(overlay.name()));
		to.rollout().overlays().forEach((overlay) -> overlays.add(overlay.name()));
		for (String name : overlays) {
			Overlay before = from.rollout().overlay(name).orElse(null);
			Overlay after = to.rollout().overlay(name).orElse(null);
			add(parts, new Part("overlay", name, (before != null) ? before.selector().described() : null,
					(after != null) ? after.selector().described() : null,
					KeyChanges.between((before != null) ? before.properties() : Map.of(),
							(after != null) ? after.properties() : Map.of())));
		}
		Gray before = from.rollout().gray();
		Gray after = to.rollout().gray();
		add(parts, new Part("gray", null, ruleOf(before), ruleOf(after),
				KeyChanges.between(patchOf(before), patchOf(after))));
		return new ReleaseDiff(to.target().app(), to.target().env(), from.version(), to.version(), parts);
	}

	/** A configuration's plain properties as one part, then each profile expression as one part. */
	private static void addDocuments(List<Part> parts, String plainPart, String profilePart, ConfigDocuments before,
			ConfigDocuments after, String beforeVersion, String afterVersion) {
		add(parts, new Part(plainPart, null, beforeVersion, afterVersion,
				KeyChanges.between(before.properties(), after.properties())));
		Map<String, Map<String, String>> beforeProfiles = before.byProfile();
		Map<String, Map<String, String>> afterProfiles = after.byProfile();
		Set<String> expressions = new LinkedHashSet<>(afterProfiles.keySet());
		expressions.addAll(beforeProfiles.keySet());
		for (String expression : expressions) {
			add(parts, new Part(profilePart, expression, null, null, KeyChanges.between(
					beforeProfiles.getOrDefault(expression, Map.of()), afterProfiles.getOrDefault(expression, Map.of()))));
		}
	}

	private static void add(List<Part> parts, Part part) {
		if (!part.changes().isEmpty() || !Objects.equals(part.before(), part.after())) {
			parts.add(part);
		}
	}

	private static ConfigDocuments documentsOf(SharedLayer shared) {
		return (shared != null) ? shared.documents() : ConfigDocuments.EMPTY;
	}

	private static String versionOf(SharedLayer shared) {
		return (shared != null) ? "version " + shared.version() : null;
	}

	private static String ruleOf(Gray gray) {
		if (gray == null) {
			return null;
		}
		return gray.rule().described() + (gray.abortOnNack() ? ", aborted on the first NACK" : "");
	}

	/** The keys the patch sets with their values, and those it removes as {@code key [remove]}. */
	private static Map<String, String> patchOf(Gray gray) {
		if (gray == null) {
			return Map.of();
		}
		GrayPatch patch = gray.patch();
		Map<String, String> listed = new TreeMap<>(patch.upserts());
		patch.removals().forEach((key) -> listed.put(key + REMOVED_BY_PATCH, ""));
		return listed;
	}

	/**
	 * One part of a release that changed.
	 *
	 * @param part {@code base}, {@code profile}, {@code shared}, {@code shared-profile},
	 * {@code overlay} or {@code gray}
	 * @param name the profile expression of a profile document, the name of an overlay;
	 * none for the other parts
	 * @param before how the part applied in the older release: the shared layer's version,
	 * an overlay's selector, the gray's rule; none where it was absent or has none
	 * @param after the same in the newer release
	 * @param changes the keys it changed
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Part(String part, String name, String before, String after, KeyChanges changes) {
	}

}
