package io.mcpconfig.protocol;

/**
 * When a client gives up a sync stream whose center says nothing: after
 * {@value #HEARTBEATS} heartbeat intervals without any message, or, before the stream's
 * first answer, after {@value #HEARTBEATS_BEFORE_FIRST_ANSWER}. The first answer waits
 * for the center to read the target, which a reconnect storm queues behind thousands of
 * others; giving up then only puts one more subscribe in that queue. Confined to the
 * stream's thread.
 */
public final class StreamSilence {

	/** Intervals without a message after which an answering center counts as silent. */
	public static final int HEARTBEATS = 3;

	/** Intervals a new stream waits for its first message. */
	public static final int HEARTBEATS_BEFORE_FIRST_ANSWER = 6;

	private int unanswered;

	private boolean answered;

	/** A new stream was opened: nothing heard on it yet. */
	public void opened() {
		this.unanswered = 0;
		this.answered = false;
	}

	/** The center sent a message on the stream. */
	public void heard() {
		this.unanswered = 0;
		this.answered = true;
	}

	/**
	 * A heartbeat interval passed.
	 * @return whether the center is silent: give the stream up; otherwise send a heartbeat
	 */
	public boolean tick() {
		if (this.unanswered >= (this.answered ? HEARTBEATS : HEARTBEATS_BEFORE_FIRST_ANSWER)) {
			return true;
		}
		this.unanswered++;
		return false;
	}

	/** Heartbeats sent since the center last said anything. */
	public int unanswered() {
		return this.unanswered;
	}

}
