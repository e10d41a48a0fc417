package io.mcpconfig.server.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report for what it refuses before any controller sees it (a path with
 * {@code %2F}, {@code %5C} or {@code %00}, a character not allowed in a request line,
 * headers over {@code server.max-http-request-header-size}, a body it cannot frame), as
 * JSON {@code {"error": "..."}} in place of its HTML page. Tomcat's own reason is kept
 * where it says what is wrong; a 500 says no more than {@link UnexpectedFailures} lets it.
 */
public class JsonErrorReportValve extends ErrorReportValve {

	private static final ObjectMapper JSON = new ObjectMapper();

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0) {
			return;
		}
		AtomicBoolean ioAllowed = new AtomicBoolean(true);
		response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
		if (!ioAllowed.get()) {
			return;
		}
		String error = (status == 500)
				? UnexpectedFailures.logged(request.getMethod() + " " + request.getRequestURI(), throwable)
				: reason(status, response.getMessage(), throwable);
		try {
			byte[] body = JSON.writeValueAsBytes(ApiError.of(error));
			response.setContentType("application/json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			response.setContentLength(body.length);
			OutputStream out = response.getOutputStream();
			out.write(body);
			out.flush();
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response cannot take a body any more: nothing to tell anyone
		}
	}

	/** What Tomcat says is wrong, made to name the setting where one decides it. */
	static String reason(int status, String message, Throwable throwable) {
		String tomcat = (message != null && !message.isBlank()) ? message : firstLine(throwable);
		if (tomcat != null && tomcat.startsWith("Request header is too large")) {
			return "the request line and headers are larger than the server accepts"
					+ " (server.max-http-request-header-size)";
		}
		if (tomcat != null && tomcat.startsWith("Invalid URI")) {
			return "the path is not valid: it may not contain an encoded '/', '\\' or NUL (%2F, %5C, %00), nor"
					+ " climb above the root";
		}
		if (tomcat != null) {
			return tomcat;
		}
		// Tomcat gives some refusals no reason at all
		return switch (status) {
			case 400 -> "the request is not valid HTTP/1.1: its request line, a header or how its body is framed"
					+ " (Content-Length, Transfer-Encoding)";
			case 404 -> "not found";
			case 501 -> "the request needs something this server does not implement, such as a Transfer-Encoding"
					+ " other than chunked";
			case 505 -> "the HTTP version is not supported: use HTTP/1.1";
			default -> {
				HttpStatus known = HttpStatus.resolve(status);
				yield (known != null) ? known.getReasonPhrase() : "the request was refused with status " + status;
			}
		};
	}

	private static String firstLine(Throwable throwable) {
		if (throwable == null || throwable.getMessage() == null || throwable.getMessage().isBlank()) {
			return null;
		}
		return throwable.getMessage().lines().findFirst().orElse(null);
	}

}
