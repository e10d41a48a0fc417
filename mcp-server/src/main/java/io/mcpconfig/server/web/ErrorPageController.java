package io.mcpconfig.server.web;

import java.io.IOException;
import java.net.SocketTimeoutException;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page every failure outside the controllers is forwarded to (an exception from
 * a filter, a {@code sendError}), in place of Spring Boot's: always JSON
 * {@code {"error": "..."}}, also to a browser, and a 5xx never says more than
 * {@link UnexpectedFailures} lets it.
 */
@RestController
@RequestMapping("${server.error.path:${error.path:/error}}")
public class ErrorPageController implements ErrorController {

	private static final Log logger = LogFactory.getLog(ErrorPageController.class);

	@RequestMapping
	public ResponseEntity<ApiError> error(HttpServletRequest request, HttpServletResponse response) {
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (!(status instanceof Integer code)) {
			// asked for directly, not forwarded to after a failure
			return answer(HttpStatus.NOT_FOUND.value(), "no such path: " + request.getRequestURI());
		}
		Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		String path = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (response.isCommitted()) {
			// an answer that had begun (AnswerCutShortException): logged where it failed, and Tomcat closes the
			// connection after this, so that the client sees it incomplete; nothing more to write into it
			return ResponseEntity.status(code).build();
		}
		if (failure instanceof IOException) {
			// Tomcat could not read the request from its connection: the client's doing, not a failure here
			boolean stalled = causedBy(failure, SocketTimeoutException.class);
			if (logger.isDebugEnabled()) {
				logger.debug(request.getMethod() + " " + path + ": request cut short: " + failure.toString());
			}
			String what = stalled ? "stopped sending" : "closed the connection";
			return answer(stalled ? HttpStatus.REQUEST_TIMEOUT.value() : code,
					"the request could not be read: the client " + what + " before its end; nothing was stored");
		}
		if (failure != null || code >= 500) {
			return answer(code, UnexpectedFailures.logged(request.getMethod() + " " + path, failure));
		}
		Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
		HttpStatus known = HttpStatus.resolve(code);
		String reason = (message instanceof String text && !text.isBlank()) ? text
				: (known != null) ? known.getReasonPhrase() : "error " + code;
		return answer(code, reason);
	}

	private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (type.isInstance(cause)) {
				return true;
			}
		}
		return false;
	}

	private static ResponseEntity<ApiError> answer(int status, String error) {
		// a preset Content-Type is written whatever the request's Accept says
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(ApiError.of(error));
	}

}
