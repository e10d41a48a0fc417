package io.mcpconfig.server.rollout;

import io.mcpconfig.server.release.Target;

/** A selector, overlay or gray rule that cannot be stored; the message says what and where. */
public class InvalidRolloutException extends IllegalArgumentException {

	public InvalidRolloutException(String message) {
		super(message);
	}

	/** Asked of the shared layer, which has none: every overlay and gray call on it answers this. */
	public static InvalidRolloutException onSharedLayer(Target shared) {
		return new InvalidRolloutException("the shared layer " + shared + " has no overlays or gray release: they"
				+ " apply to the instances of one application; set them on that application");
	}

}
