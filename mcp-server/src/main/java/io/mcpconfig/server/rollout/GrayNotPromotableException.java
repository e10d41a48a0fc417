package io.mcpconfig.server.rollout;

/**
 * A gray release whose patch an application's release cannot hold as it was served: its
 * instances would get other values after the promote. The message names the keys.
 */
public class GrayNotPromotableException extends RuntimeException {

	public GrayNotPromotableException(String message) {
		super(message);
	}

}
