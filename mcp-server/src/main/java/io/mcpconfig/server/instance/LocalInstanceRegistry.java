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
		// no lock on the target, which every heartbeat of all its sessions would share
		Target target = instance.target();
		ConcurrentHashMap<String, Instance> byId = instances.get(target);
		if (byId == null) {
			byId = instances.computeIfAbsent(target, (key) -> new ConcurrentHashMap<>());
		}
		byId.merge(instance.instanceId(), instance, Instance::newer);
	}

	@Override
	public void remove(Instance instance) {
		// a target's map stays when it empties (one per target ever connected), so a put never lands in a dropped one
		Map<String, Instance> byId = instances.get(instance.target());
		if (byId != null) {
			byId.computeIfPresent(instance.instanceId(), (id, current) -> current.sameSession(instance) ? null : current);
		}
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
