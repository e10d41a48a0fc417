package io.mcpconfig.server.rollout;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Properties of a target that apply only to the instances whose labels match a selector,
 * over the base (and over a gray patch).
 *
 * @param name unique per target, {@code [A-Za-z0-9._-]}
 * @param selector which instances it applies to
 * @param properties what it sets, flat keys
 * @param version the release version at which it was last set
 * @param author who set it
 * @param updatedAt when it was set
 */
public record Overlay(String name, Selector selector, Map<String, String> properties, long version, String author,
		Instant updatedAt) {

	/**
	 * The order in which overlays apply, later ones winning: the less specific selector
	 * first (fewer labels), ties by name, so {@code region=eu,tier=web} wins over
	 * {@code region=eu}, and of two overlays with as many labels the one whose name sorts
	 * last wins.
	 */
	public static final Comparator<Overlay> APPLY_ORDER = Comparator
		.comparingInt((Overlay overlay) -> overlay.selector().specificity())
		.thenComparing(Overlay::name);

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	public Overlay {
		requireName(name);
		Objects.requireNonNull(selector, "selector");
		properties = Map.copyOf(properties);
	}

	/**
	 * @throws InvalidRolloutException when {@code name} cannot name an overlay
	 */
	public static void requireName(String name) {
		// "." and ".." are path segments that URLs and browsers normalize away: the overlay could be set, never deleted
		if (name == null || !NAME.matcher(name).matches() || name.chars().allMatch((c) -> c == '.')) {
			throw new InvalidRolloutException("overlay name '" + name + "' is not allowed: use 1 to 64 of the"
					+ " characters A-Z a-z 0-9 . _ -, not dots alone");
		}
	}

}
