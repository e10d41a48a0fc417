package io.mcpconfig.client.channel;

import javax.net.ssl.SSLException;

import io.grpc.Status;

/**
 * Why a call to the config center failed, in words for a log line or an exception: the
 * status code, its description and the transport's own message ("Connection refused"),
 * which gRPC keeps apart; a failed TLS handshake is named as such.
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
		SSLException tls = tlsFailure(status.getCause());
		if (tls != null) {
			// gRPC says only "io exception" and BoringSSL "General OpenSslEngine problem": the
			// innermost cause says why (an unknown CA, a host name the certificate does not name)
			return reason.append(": TLS handshake with the config center failed: ")
				.append(innermostMessage(tls))
				.toString();
		}
		if (status.getDescription() != null) {
			reason.append(": ").append(status.getDescription());
		}
		if (status.getCause() != null && status.getCause().getMessage() != null) {
			reason.append(" (").append(status.getCause().getMessage()).append(")");
		}
		return reason.toString();
	}

	/**
	 * Whether a center refused the instance as it is: its token, its scope, its description
	 * (a label longer than the center takes). Nothing passes there until someone changes the
	 * instance or the center; another center may know a token this one has not seen yet.
	 * @param status the status a call ended with
	 * @return whether it is such a refusal
	 */
	public static boolean refusesTheInstance(Status status) {
		return switch (status.getCode()) {
			case UNAUTHENTICATED, PERMISSION_DENIED, INVALID_ARGUMENT -> true;
			default -> false;
		};
	}

	private static String innermostMessage(Throwable failure) {
		String message = failure.getMessage();
		for (Throwable next = failure.getCause(); next != null; next = next.getCause()) {
			if (next.getMessage() != null) {
				message = next.getMessage();
			}
		}
		return message;
	}

	private static SSLException tlsFailure(Throwable cause) {
		for (Throwable next = cause; next != null; next = next.getCause()) {
			if (next instanceof SSLException tls) {
				return tls;
			}
		}
		return null;
	}

}
