package io.mcpconfig.server.events;

/** Refuses one more event stream of a token that holds its share of them (answered 429). */
public class TooManyStreamsOfTokenException extends RuntimeException {

	public TooManyStreamsOfTokenException(String tokenName, long maxStreamsPerToken) {
		super("token '" + tokenName + "' has " + maxStreamsPerToken
				+ " event streams open, the most one token may have on this center; close some (each console tab "
				+ "holds one) or try again later");
	}

}
