package io.mcpconfig.server.web;

/**
 * Producing the rest of an answer failed after its beginning was sent. The status and part
 * of the body are gone: it is thrown on to Tomcat, which closes the connection without
 * ending the answer, so the client sees it incomplete, and never as a valid, shorter one.
 */
public class AnswerCutShortException extends RuntimeException {

	public AnswerCutShortException(Throwable cause) {
		super("the answer was cut short after it had begun: " + cause, cause);
	}

}
