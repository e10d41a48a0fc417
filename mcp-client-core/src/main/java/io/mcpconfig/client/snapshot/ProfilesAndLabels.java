package io.mcpconfig.client.snapshot;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the config center chooses an instance's configuration by, besides its target: the
 * active profiles, whose documents it serves (in activation order, which decides the
 * document that wins), and the labels, whose overlays it lays on top. Instances of one
 * target with other profiles or labels are served another configuration, so a snapshot
 * records those it was served for. The instance id, which a gray release also matches, is
 * not part of it: the default one is new in every process, so a snapshot is never checked
 * for gray membership.
 *
 * @param profiles the active profiles, in activation order
 * @param labels the labels ({@code mcp.client.labels}), sorted by key
 */
public record ProfilesAndLabels(List<String> profiles, Map<String, String> labels) {

	public ProfilesAndLabels {
		profiles = List.copyOf(profiles);
		labels = Collections.unmodifiableMap(new TreeMap<>(labels));
	}

	@Override
	public String toString() {
		return "profiles " + this.profiles + " and labels " + this.labels;
	}

}
