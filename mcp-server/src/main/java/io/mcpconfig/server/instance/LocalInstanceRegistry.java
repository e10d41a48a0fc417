package io.mcpconfig.server.instance;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.mcpconfig.server.release.Target;

/**
 * The instances connected to this replica, in memory: immutable records swapped per
 * instance. A reconnected instance's newer session keeps its record against the old one.
 */
public class LocalInstanceRegistry implements InstanceRegistry {

	private final ConcurrentHashMap<Target, ConcurrentHashMap<String, Instance>> instances = new ConcurrentHashMap<>();

	@Override
	public void put(Instance instance) {
		// under the target's entry, so a concurrent remove cannot drop the map this put lands in
		instances.compute(instance.target(), (target, byId) -> {
			ConcurrentHashMap<String, Instance> map = (byId != null) ? byId : new ConcurrentHashMap<>();
			map.merge(instance.instanceId(), instance, Instance::newer);
			return map;
		});
	}

	@Override
	public void remove(Instance instance) {
		instances.computeIfPresent(instance.target(), (target, byId) -> {
			byId.computeIfPresent(instance.instanceId(), (id, current) -> current.sameSession(instance) ? null : current);
			return byId.isEmpty() ? null : byId;
		});
	}

	@Override
	public List<Instance> list(Target target) {
		Map<String, Instance> byId = instances.get(target);
		if (byId == null) {
			return List.of();
		}
		return byId.values().stream().sorted(Comparator.comparing(Instance::instanceId)).toList();
	}

	@Override
	public Optional<Instance> find(Target target, String instanceId) {
		Map<String, Instance> byId = instances.get(target);
		return (byId != null) ? Optional.ofNullable(byId.get(instanceId)) : Optional.empty();
	}

}
