package io.mcpconfig.server.instance;

import java.util.List;
import java.util.Optional;

import io.mcpconfig.server.release.Target;

/**
 * Which client instances are connected, per target. The default is this replica's own
 * sessions ({@link LocalInstanceRegistry}); a cluster-wide implementation replaces it by
 * declaring its own bean, as the etcd store does ({@code EtcdInstanceRegistry}). Sessions
 * call {@link #put} and {@link #remove} on their own threads: neither may block.
 */
public interface InstanceRegistry {

	/** Add the instance, or replace the record of the same instance of the same target. */
	void put(Instance instance);

	/**
	 * Remove the instance unless a newer session of it has replaced the record since
	 * ({@link Instance#sameSession}): a client that reconnected stays listed.
	 */
	void remove(Instance instance);

	/** The instances of a target, ordered by instance id. */
	List<Instance> list(Target target);

	/**
	 * The instance of a target with that id, if listed: what each subscribe checks, so it
	 * must not cost a {@link #list} of thousands of instances.
	 */
	Optional<Instance> find(Target target, String instanceId);

}
