package io.mcpconfig.server.rollout;

import io.mcpconfig.server.release.Target;

/**
 * A gray release was to be started only if none runs ({@code If-None-Match: *}), and one
 * runs: starting would have replaced its rule and patch. The message says which runs.
 */
public class GrayRunningException extends RuntimeException {

	GrayRunningException(Target target, Gray running) {
		super("a gray release of " + target + " is running (" + running.rule().described() + ", set at version "
				+ running.version() + " by " + running.author() + "): nothing was changed. To change its rule and"
				+ " patch, send the request without If-None-Match (mcpctl gray set, or gray start --replace); or"
				+ " promote or abort it first");
	}

}
