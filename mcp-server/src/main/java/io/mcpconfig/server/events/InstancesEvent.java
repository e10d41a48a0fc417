package io.mcpconfig.server.events;

import io.mcpconfig.server.release.Target;

/** The data of an {@code instances} event: the instances of this target, or what they hold, changed. */
record InstancesEvent(String app, String env) {

	static InstancesEvent of(Target target) {
		return new InstancesEvent(target.app(), target.env());
	}

}
