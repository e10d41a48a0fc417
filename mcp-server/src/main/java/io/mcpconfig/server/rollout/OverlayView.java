package io.mcpconfig.server.rollout;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * An overlay as the admin API shows it.
 *
 * @param name its name
 * @param selector which instances it applies to, {@code ""} for every instance
 * @param properties what it sets, sorted
 * @param version the release version at which it was last set
 * @param author who set it
 * @param updatedAt when
 */
public record OverlayView(String name, String selector, Map<String, String> properties, long version, String author,
		Instant updatedAt) {

	static OverlayView of(Overlay overlay) {
		return new OverlayView(overlay.name(), overlay.selector().toString(), new TreeMap<>(overlay.properties()),
				overlay.version(), overlay.author(), overlay.updatedAt());
	}

}
