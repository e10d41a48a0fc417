package io.mcpconfig.protocol;

/**
 * When a client leaves a sync stream whose center answers its heartbeats that it cannot
 * reach its store ({@code HeartbeatAck.store_unavailable}): after {@value #IN_A_ROW} such
 * answers in a row, as many as a silent center gets ({@link StreamSilence#HEARTBEATS}), and
 * only for another center. With none other to ask, the stream is kept: the center pushes
 * what it missed as soon as its store is back, which a new stream would only wait for.
 * Confined to the stream's thread.
 */
public final class UnconfirmedAnswers {

	/** Answers in a row after which a client that knows another center moves to it. */
	public static final int IN_A_ROW = StreamSilence.HEARTBEATS;

	private int inARow;

	/** A new stream was opened, or the center named a release again. */
	public void reset() {
		this.inARow = 0;
	}

	/**
	 * The center answered that it cannot reach its store.
	 * @return whether that makes {@value #IN_A_ROW} in a row: time to ask another center
	 */
	public boolean answered() {
		return ++this.inARow >= IN_A_ROW;
	}

	/**
	 * Such answers since the center last named a release on this stream.
	 * @return the count
	 */
	public int inARow() {
		return this.inARow;
	}

}
