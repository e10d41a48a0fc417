package io.mcpconfig.testsupport.protocol;

import java.time.Duration;

/**
 * How often a {@link StreamClient} sends heartbeats and how long it waits before it opens
 * a broken stream again (exponential from {@code initialBackoff} to {@code maxBackoff}).
 *
 * @param heartbeatInterval announced in {@code Subscribe}; three unanswered ones end the stream
 * @param initialBackoff the ceiling of the first delay
 * @param maxBackoff the largest ceiling
 */
public record ClientTiming(Duration heartbeatInterval, Duration initialBackoff, Duration maxBackoff) {

	/**
	 * The starter's defaults ({@code mcp.client.reconnect}: 1 s to 10 s; a test of the
	 * starter holds them equal) with the given heartbeat interval.
	 */
	public static ClientTiming starterDefaults(Duration heartbeatInterval) {
		return new ClientTiming(heartbeatInterval, Duration.ofSeconds(1), Duration.ofSeconds(10));
	}

	/** The same timing with another back-off ceiling. */
	public ClientTiming withMaxBackoff(Duration maxBackoff) {
		return new ClientTiming(this.heartbeatInterval, this.initialBackoff, maxBackoff);
	}

}
