package io.mcpconfig.server.rollout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.mcpconfig.server.release.PropertyCover;

/**
 * What a release holds beside its base properties: the overlays of its target and the
 * running gray release, if any. Stored in every release, so the version of a release
 * fixes what every instance sees at it, whatever its labels, and an overlay or gray change
 * is a new release: versions stay strictly increasing for every instance, and a delta
 * from any retained version can be rebuilt for any instance.
 *
 * @param overlays in {@link Overlay#APPLY_ORDER}, names unique
 * @param gray the running gray release, {@code null} for none
 */
public record Rollout(List<Overlay> overlays, Gray gray) {

	/** No overlay, no gray. */
	public static final Rollout NONE = new Rollout(List.of(), null);

	/** The most overlays one target may have: every instance's subscribe evaluates each. */
	public static final int MAX_OVERLAYS = 64;

	public Rollout {
		List<Overlay> sorted = new ArrayList<>((overlays != null) ? overlays : List.of());
		sorted.sort(Overlay.APPLY_ORDER);
		for (int i = 1; i < sorted.size(); i++) {
			if (sorted.get(i).name().equals(sorted.get(i - 1).name())) {
				throw new InvalidRolloutException("two overlays are named '" + sorted.get(i).name() + "'");
			}
		}
		overlays = List.copyOf(sorted);
	}

	@JsonIgnore
	public boolean isEmpty() {
		return overlays.isEmpty() && gray == null;
	}

	public Optional<Gray> currentGray() {
		return Optional.ofNullable(gray);
	}

	public Optional<Overlay> overlay(String name) {
		return overlays.stream().filter((overlay) -> overlay.name().equals(name)).findFirst();
	}

	/**
	 * With {@code overlay} set, replacing the one of its name.
	 * @throws InvalidRolloutException when that would be more than {@value #MAX_OVERLAYS}
	 */
	public Rollout withOverlay(Overlay overlay) {
		List<Overlay> next = new ArrayList<>(overlays);
		next.removeIf((held) -> held.name().equals(overlay.name()));
		next.add(overlay);
		if (next.size() > MAX_OVERLAYS) {
			throw new InvalidRolloutException("a target may have at most " + MAX_OVERLAYS + " overlays; delete one"
					+ " first or give several instances one label");
		}
		return new Rollout(next, gray);
	}

	public Rollout withoutOverlay(String name) {
		List<Overlay> next = new ArrayList<>(overlays);
		next.removeIf((held) -> held.name().equals(name));
		return new Rollout(next, gray);
	}

	public Rollout withGray(Gray next) {
		return new Rollout(overlays, next);
	}

	/**
	 * Which parts apply to an instance.
	 * @param instanceId the instance's id
	 * @param labels its labels
	 */
	public Applicable applicableTo(String instanceId, Map<String, String> labels) {
		if (isEmpty()) {
			return Applicable.BASE;
		}
		List<String> names = new ArrayList<>(overlays.size());
		for (Overlay overlay : overlays) {
			if (overlay.selector().matches(labels)) {
				names.add(overlay.name());
			}
		}
		boolean inGray = gray != null && gray.includes(instanceId, labels);
		return (names.isEmpty() && !inGray) ? Applicable.BASE : new Applicable(List.copyOf(names), inGray);
	}

	/**
	 * What an instance to which {@code applicable} applies sees: the base, patched by the
	 * gray when it is in, then its overlays in {@link Overlay#APPLY_ORDER}. The gray patches
	 * the base, not the overlays, so promoting it changes nothing for any instance.
	 * @param base the release's base properties
	 * @param applicable as {@link #applicableTo} answered
	 */
	public Map<String, String> compose(Map<String, String> base, Applicable applicable) {
		if (applicable.isBase()) {
			return base;
		}
		Map<String, String> composed = applicable.gray() ? gray.patch().applyTo(base) : new HashMap<>(base);
		for (Overlay overlay : overlays) {
			if (applicable.overlays().contains(overlay.name())) {
				PropertyCover.putOver(composed, overlay.properties());
			}
		}
		return composed;
	}

	/**
	 * The parts of a rollout that apply to one instance.
	 *
	 * @param overlays names of the overlays that apply, in apply order
	 * @param gray whether the instance is in the gray release
	 */
	public record Applicable(List<String> overlays, boolean gray) {

		/** Neither an overlay nor the gray: the base as it is. */
		public static final Applicable BASE = new Applicable(List.of(), false);

		public boolean isBase() {
			return overlays.isEmpty() && !gray;
		}

	}

}
