package io.mcpconfig.server.events;

import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.Permission;
import io.mcpconfig.server.security.RequiresPermission;
import io.mcpconfig.server.security.TokenAuthenticationFilter;
import io.mcpconfig.server.web.ApiError;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/events[?app=&env=]}: server-sent events of new releases and changed
 * instances, of the targets the caller's token may read (and the filter names). A reader
 * needs {@code READ}; what its scope does not cover never reaches it.
 */
@RestController
public class EventsController {

	private final EventStreams streams;

	public EventsController(EventStreams streams) {
		this.streams = streams;
	}

	@GetMapping("/api/v1/events")
	@RequiresPermission(value = Permission.READ, filtersByScope = true)
	public SseEmitter events(@RequestParam(required = false) String app, @RequestParam(required = false) String env,
			HttpServletRequest request) {
		return this.streams.open(TokenAuthenticationFilter.tokenOf(request).orElse(null), name("app", app),
				name("env", env));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> tooMany(TooManyStreamsException ex) {
		return refused(HttpStatus.SERVICE_UNAVAILABLE, ex);
	}

	/** The token's own excess, not the center's: 429, as the center still serves the others. */
	@ExceptionHandler
	ResponseEntity<ApiError> tooManyOfToken(TooManyStreamsOfTokenException ex) {
		return refused(HttpStatus.TOO_MANY_REQUESTS, ex);
	}

	private static ResponseEntity<ApiError> refused(HttpStatus status, RuntimeException ex) {
		return ResponseEntity.status(status)
			.header(HttpHeaders.RETRY_AFTER, "5")
			.contentType(MediaType.APPLICATION_JSON)
			.body(ApiError.of(ex.getMessage()));
	}

	/** An absent or empty parameter filters nothing; anything else must be a valid name. */
	private static String name(String what, String name) {
		if (name == null || name.isEmpty()) {
			return null;
		}
		Target.requireName(what, name);
		return name;
	}

}
