package io.mcpconfig.client.channel;

import io.grpc.Status;

/**
 * Why a call to the config center failed, in words for a log line or an exception: the
 * status code, its description and the transport's own message ("Connection refused"),
 * which gRPC keeps apart.
 */
public final class CallFailure {

	private CallFailure() {
	}

	/**
	 * Describes a failed call's status.
	 * @param status the status the call ended with
	 * @return e.g. {@code UNAVAILABLE: io exception (Connection refused: /127.0.0.1:9090)}
	 */
	public static String describe(Status status) {
		StringBuilder reason = new StringBuilder(status.getCode().toString());
		if (status.getDescription() != null) {
			reason.append(": ").append(status.getDescription());
		}
		if (status.getCause() != null && status.getCause().getMessage() != null) {
			reason.append(" (").append(status.getCause().getMessage()).append(")");
		}
		return reason.toString();
	}

}
