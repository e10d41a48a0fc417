package io.mcpconfig.server.events;

import java.io.IOException;

import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.security.Permission;

import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One open {@code GET /api/v1/events}: who reads it, which targets it asked for, and the
 * emitter its events go out on.
 */
final class EventStream {

	private final SseEmitter emitter;

	/** {@code null} when security is off: then every target may be read. */
	private final ApiToken token;

	/** {@code null} for any app. */
	private final String app;

	/** {@code null} for any env. */
	private final String env;

	EventStream(SseEmitter emitter, ApiToken token, String app, String env) {
		this.emitter = emitter;
		this.token = token;
		this.app = app;
		this.env = env;
	}

	SseEmitter emitter() {
		return this.emitter;
	}

	/** Whether events of a target go to this stream: its token may read it and its filter names it. */
	boolean wants(Target target) {
		return (this.token == null || this.token.permits(Permission.READ, target))
				&& (this.app == null || this.app.equals(target.app()))
				&& (this.env == null || this.env.equals(target.env()));
	}

	boolean isOf(String tokenName) {
		return this.token != null && this.token.name().equals(tokenName);
	}

	/** The name of the reader's token, {@code null} when security is off. */
	String tokenName() {
		return (this.token != null) ? this.token.name() : null;
	}

	/**
	 * Sends an event; a reader that went away ends the stream.
	 * @return whether it was sent
	 */
	boolean send(SseEmitter.SseEventBuilder event) {
		try {
			this.emitter.send(event);
			return true;
		}
		catch (IOException | IllegalStateException ex) {
			// the connection is gone (or the emitter already completed): nothing to tell the reader
			this.emitter.completeWithError(ex);
			return false;
		}
	}

}
