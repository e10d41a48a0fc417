package io.mcpconfig.server.sync;

/**
 * Every store-read thread of the sessions is busy and their queue is full: the center is
 * overloaded (a reconnect storm), not the store. A subscribe is answered
 * {@code RESOURCE_EXHAUSTED} with a hint of when to come back; an open session is never
 * ended for it.
 */
class ReadQueueFullException extends RuntimeException {

	ReadQueueFullException(int queued, Throwable cause) {
		super("too many store reads waiting (" + queued + ")", cause);
	}

}
