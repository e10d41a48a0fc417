package io.mcpconfig.server.events;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.mcpconfig.server.instance.Instance;
import io.mcpconfig.server.release.Target;

/**
 * What the instances of each target looked like at the last look, reduced to what a
 * reader of the console sees change: who is connected, where, with which labels, and what
 * each acknowledged or refused; heartbeats alone change nothing here. The registry has no
 * listener (the etcd one learns of other replicas' instances only by reading), so the
 * event streams compare these every second.
 */
final class InstanceFingerprints {

	private final Map<Target, List<Instance>> last = new HashMap<>();

	/**
	 * Records what the targets' instances look like now.
	 * @param now the instances of each target looked at
	 * @return the targets whose instances changed since the last look; a target seen for
	 * the first time is not a change (a reader reads what is there when it opens a page)
	 */
	Set<Target> changed(Map<Target, List<Instance>> now) {
		Set<Target> changed = new TreeSet<>(Target.ORDER);
		now.forEach((target, instances) -> {
			List<Instance> seen = fingerprint(instances);
			List<Instance> previous = this.last.put(target, seen);
			if (previous != null && !previous.equals(seen)) {
				changed.add(target);
			}
		});
		this.last.keySet().retainAll(now.keySet());
		return changed;
	}

	/** The instances with their heartbeat times set aside: a heartbeat is no change to show. */
	private static List<Instance> fingerprint(List<Instance> instances) {
		return instances.stream().map((instance) -> instance.heardFrom(Instant.EPOCH)).toList();
	}

}
