package io.mcpconfig.client.channel;

import java.time.Duration;

import io.grpc.Metadata;

/**
 * gRPC's standard "try again after" trailer ({@code grpc-retry-pushback-ms}), which a busy
 * center sends with {@code RESOURCE_EXHAUSTED} so that a storm of reconnecting clients
 * spreads out.
 */
public final class RetryHint {

	static final Metadata.Key<String> PUSHBACK = Metadata.Key.of("grpc-retry-pushback-ms",
			Metadata.ASCII_STRING_MARSHALLER);

	// a hint is advice, not an order: a wrong one must not park the session for long
	private static final long MAX_MILLIS = 60_000;

	private RetryHint() {
	}

	/**
	 * The delay a call's trailers ask for.
	 * @param trailers the trailers, {@code null} when there were none
	 * @return the delay, zero when none or unreadable
	 */
	public static Duration of(Metadata trailers) {
		String millis = (trailers != null) ? trailers.get(PUSHBACK) : null;
		if (millis == null) {
			return Duration.ZERO;
		}
		try {
			return Duration.ofMillis(Math.min(MAX_MILLIS, Math.max(0, Long.parseLong(millis.trim()))));
		}
		catch (NumberFormatException ex) {
			return Duration.ZERO;
		}
	}

}
