package io.mcpconfig.server.release;

import java.util.Map;
import java.util.Objects;

import io.mcpconfig.server.rollout.Rollout;

/**
 * What a release holds: the base properties and the rollout over them.
 *
 * @param properties the base configuration, flat keys
 * @param rollout overlays and gray release
 */
public record ReleaseContent(Map<String, String> properties, Rollout rollout) {

	public ReleaseContent {
		properties = Map.copyOf(properties);
		Objects.requireNonNull(rollout, "rollout");
	}

}
