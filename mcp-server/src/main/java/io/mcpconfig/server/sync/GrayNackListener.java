package io.mcpconfig.server.sync;

import io.mcpconfig.server.release.Target;

/** Told when an instance refuses a gray release's configuration: a gray may abort itself then. */
@FunctionalInterface
public interface GrayNackListener {

	/**
	 * Must return at once: it is called on the session's thread.
	 * @param target the target
	 * @param version the version refused
	 * @param instanceId who refused it, as the instance named itself
	 * @param sender the session's token and address (any holder of the target's client
	 * token can name itself so: the abort records who sent the refusal)
	 * @param reason why, as the instance said
	 */
	void nacked(Target target, long version, String instanceId, String sender, String reason);

}
