package io.mcpconfig.server.admin;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.mcpconfig.server.imports.ImportException;
import io.mcpconfig.server.release.InvalidTargetException;
import io.mcpconfig.server.rollout.GrayNotPromotableException;
import io.mcpconfig.server.rollout.GrayRunningException;
import io.mcpconfig.server.rollout.InvalidRolloutException;
import io.mcpconfig.server.rollout.NoSuchRolloutException;
import io.mcpconfig.server.security.Permission;
import io.mcpconfig.server.security.TokenAuthenticationFilter;
import io.mcpconfig.server.shared.SharedLayerTooLargeException;
import io.mcpconfig.server.store.NoReleaseException;
import io.mcpconfig.server.store.ReleaseTooLargeException;
import io.mcpconfig.server.store.StoreUnavailableException;
import io.mcpconfig.server.store.VersionConflictException;
import io.mcpconfig.server.web.AnswerCutShortException;
import io.mcpconfig.server.web.ApiError;
import io.mcpconfig.server.web.InvalidParameterException;
import io.mcpconfig.server.web.ParameterLocation;
import io.mcpconfig.server.web.UnexpectedFailures;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** Turns every failure of the admin API into a status and a JSON {@code {"error": "..."}}. */
@RestControllerAdvice
public class ApiExceptionHandler {

	private static final Log logger = LogFactory.getLog(ApiExceptionHandler.class);

	private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]*)");

	@ExceptionHandler({ ConfigParseException.class, InvalidRolloutException.class, ImportException.class,
			ReleaseTooLargeException.class })
	ResponseEntity<ApiError> badInput(RuntimeException ex) {
		return answer(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	/** A name from the path or the query is named as that parameter; one from a body is not. */
	@ExceptionHandler
	ResponseEntity<ApiError> invalidTarget(InvalidTargetException ex, HttpServletRequest request) {
		ApiError.Parameter parameter = (ex.name() != null) ? ParameterLocation.of(request, ex.what(), ex.name()) : null;
		return answer(HttpStatus.BAD_REQUEST, new ApiError(ex.getMessage(), null, parameter));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> invalidParameter(InvalidParameterException ex) {
		return answer(HttpStatus.BAD_REQUEST, new ApiError(ex.getReason(), null, ex.parameter()));
	}

	/** Names the application only to a caller that may read it. */
	@ExceptionHandler
	ResponseEntity<ApiError> sharedLayerTooLarge(SharedLayerTooLargeException ex, HttpServletRequest request) {
		boolean readable = TokenAuthenticationFilter.tokenOf(request)
			.map((token) -> token.permits(Permission.READ, ex.application()))
			.orElse(true);
		return answer(HttpStatus.BAD_REQUEST, readable ? ex.getMessage() : ex.withoutApplication());
	}

	@ExceptionHandler
	ResponseEntity<ApiError> noSuchRollout(NoSuchRolloutException ex) {
		return answer(HttpStatus.NOT_FOUND, ex.getMessage());
	}

	/** A change made only if nothing of its kind exists ({@code If-None-Match: *}), and something does. */
	@ExceptionHandler
	ResponseEntity<ApiError> grayRunning(GrayRunningException ex) {
		return answer(HttpStatus.PRECONDITION_FAILED, ex.getMessage());
	}

	@ExceptionHandler({ NoReleaseException.class, GrayNotPromotableException.class })
	ResponseEntity<ApiError> conflictingState(RuntimeException ex) {
		return answer(HttpStatus.CONFLICT, ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ApiError> conflict(VersionConflictException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT)
			.contentType(MediaType.APPLICATION_JSON)
			.body(new ApiError(ex.getMessage(), ex.currentVersion(), null));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> unavailable(StoreUnavailableException ex, HttpServletRequest request) {
		logger.warn("Store unavailable: " + ex.getMessage());
		boolean read = HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod());
		return answer(HttpStatus.SERVICE_UNAVAILABLE,
				"the release store is unavailable" + (read ? ": " : ", nothing was stored: ") + ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ApiError> unsupportedMediaType(HttpMediaTypeNotSupportedException ex, HttpServletRequest request) {
		String header = request.getContentType();
		if (ex.getContentType() == null && header != null && !header.isBlank()) {
			// present but unparsable: Spring reports it as if it were missing
			return answer(HttpStatus.BAD_REQUEST, new ApiError("Content-Type " + header + " cannot be read: "
					+ unreadable(header), null, ApiError.Parameter.header(HttpHeaders.CONTENT_TYPE)));
		}
		String supported = ex.getSupportedMediaTypes().stream().map(Object::toString).collect(Collectors.joining(", "));
		String given = (ex.getContentType() != null) ? "Content-Type " + ex.getContentType() : "a missing Content-Type";
		return answer(HttpStatus.UNSUPPORTED_MEDIA_TYPE, given + " is not supported here; send one of " + supported);
	}

	private static String unreadable(String contentType) {
		Matcher charset = CHARSET.matcher(contentType);
		if (charset.find()) {
			String name = charset.group(1);
			boolean supported;
			try {
				supported = Charset.isSupported(name);
			}
			catch (IllegalCharsetNameException ex) {
				supported = false;
			}
			if (!supported) {
				return "the charset " + name + " is not supported; send UTF-8 (or no charset)";
			}
		}
		return "it is not a valid media type, e.g. application/yaml; charset=utf-8";
	}

	@ExceptionHandler
	ResponseEntity<ApiError> typeMismatch(TypeMismatchException ex) {
		String name = (ex.getPropertyName() != null) ? ex.getPropertyName() : "a parameter";
		ApiError.Parameter parameter = (ex instanceof MethodArgumentTypeMismatchException mismatch)
				? parameterOf(mismatch.getParameter(), mismatch.getName()) : null;
		return answer(HttpStatus.BAD_REQUEST, new ApiError("'" + ex.getValue() + "' is not a valid " + name, null,
				parameter));
	}

	/** Where a handler's argument comes from, by its annotation; {@code null} for anything but path, query and header. */
	private static ApiError.Parameter parameterOf(MethodParameter argument, String name) {
		if (argument.hasParameterAnnotation(PathVariable.class)) {
			return ApiError.Parameter.path(name);
		}
		if (argument.hasParameterAnnotation(RequestParam.class)) {
			return ApiError.Parameter.query(name);
		}
		if (argument.hasParameterAnnotation(RequestHeader.class)) {
			return ApiError.Parameter.header(name);
		}
		return null;
	}

	/** A path no endpoint has, on the admin API or anywhere else on the port. */
	@ExceptionHandler({ NoResourceFoundException.class, NoHandlerFoundException.class })
	ResponseEntity<ApiError> noSuchEndpoint(ServletException ex, HttpServletRequest request) {
		return answer(HttpStatus.NOT_FOUND, "no such endpoint: " + request.getMethod() + " " + request.getRequestURI());
	}

	/**
	 * The client went away while its answer was written (it closed the connection, or a
	 * proxy gave up on it): no failure of the center's, and nobody to answer. Logged at
	 * DEBUG only, and nothing is written.
	 */
	@ExceptionHandler
	ResponseEntity<ApiError> clientGone(AsyncRequestNotUsableException ex, HttpServletRequest request) {
		if (logger.isDebugEnabled()) {
			logger.debug(request.getMethod() + " " + request.getRequestURI()
					+ ": the client went away before its answer was written (" + ex.getMessage() + ")");
		}
		// no entity: the request counts as answered and nothing more is written
		return null;
	}

	/**
	 * An answer that failed after it had begun: its status is sent, and nothing can be said
	 * any more. Thrown on, so Tomcat closes the connection without ending the answer, and the
	 * client sees it incomplete.
	 */
	@ExceptionHandler
	ResponseEntity<ApiError> cutShort(AnswerCutShortException ex, HttpServletRequest request) {
		logger.warn(request.getMethod() + " " + request.getRequestURI() + ": " + ex.getMessage()
				+ "; the connection is closed");
		throw ex;
	}

	/** Spring MVC's own errors (wrong method, missing parameter) and ours, with their headers. */
	@ExceptionHandler({ ErrorResponseException.class, ServletException.class })
	ResponseEntity<ApiError> errorResponse(Exception ex, HttpServletRequest request, HttpServletResponse response)
			throws Exception {
		if (ex instanceof ErrorResponse error && error.getStatusCode().value() != 500) {
			String detail = error.getBody().getDetail();
			return ResponseEntity.status(error.getStatusCode())
				.headers(error.getHeaders())
				.contentType(MediaType.APPLICATION_JSON)
				.body(new ApiError((detail != null) ? detail : error.getStatusCode().toString(), null, missing(ex)));
		}
		return unexpected(ex, request, response);
	}

	/**
	 * Whatever else failed, errors of the JVM too (Spring hands them over wrapped in a
	 * ServletException). Once an answer has begun it can take no error: the failure is
	 * logged and thrown on, and Tomcat closes the connection before the answer's end.
	 */
	@ExceptionHandler
	ResponseEntity<ApiError> unexpected(Exception ex, HttpServletRequest request, HttpServletResponse response)
			throws Exception {
		String error = UnexpectedFailures.logged(request.getMethod() + " " + request.getRequestURI(), ex);
		if (response.isCommitted()) {
			throw ex;
		}
		return answer(HttpStatus.INTERNAL_SERVER_ERROR, error);
	}

	/** The parameter a request lacks, when Spring refused it for that. */
	private static ApiError.Parameter missing(Exception ex) {
		if (ex instanceof MissingServletRequestParameterException parameter) {
			return ApiError.Parameter.query(parameter.getParameterName());
		}
		if (ex instanceof MissingRequestHeaderException header) {
			return ApiError.Parameter.header(header.getHeaderName());
		}
		return null;
	}

	private static ResponseEntity<ApiError> answer(HttpStatusCode status, String error) {
		return answer(status, ApiError.of(error));
	}

	private static ResponseEntity<ApiError> answer(HttpStatusCode status, ApiError error) {
		// a preset Content-Type is written whatever the request's Accept says: errors are always JSON
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(error);
	}

}
