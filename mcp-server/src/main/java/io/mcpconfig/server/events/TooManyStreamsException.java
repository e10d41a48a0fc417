package io.mcpconfig.server.events;

/** Refuses one more event stream when the most allowed are open (answered 503). */
public class TooManyStreamsException extends RuntimeException {

	public TooManyStreamsException(int maxStreams) {
		super(maxStreams + " event streams are open, the most this center serves; try again later");
	}

}
