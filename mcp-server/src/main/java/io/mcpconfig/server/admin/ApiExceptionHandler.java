package io.mcpconfig.server.admin;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.mcpconfig.server.release.InvalidTargetException;
import io.mcpconfig.server.store.StoreUnavailableException;
import io.mcpconfig.server.store.VersionConflictException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns every failure of the admin API into a status and a JSON {@code {"error": "..."}}. */
@RestControllerAdvice
public class ApiExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ApiExceptionHandler.class);

	private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]*)");

	@ExceptionHandler({ InvalidTargetException.class, ConfigParseException.class })
	ResponseEntity<ApiError> badInput(RuntimeException ex) {
		return answer(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ApiError> conflict(VersionConflictException ex) {
		return ResponseEntity.status(HttpStatus.CONFLICT).body(new ApiError(ex.getMessage(), ex.currentVersion()));
	}

	@ExceptionHandler
	ResponseEntity<ApiError> unavailable(StoreUnavailableException ex, HttpServletRequest request) {
		logger.warn("Store unavailable: {}", ex.getMessage());
		boolean read = HttpMethod.GET.matches(request.getMethod()) || HttpMethod.HEAD.matches(request.getMethod());
		return answer(HttpStatus.SERVICE_UNAVAILABLE,
				"the release store is unavailable" + (read ? ": " : ", nothing was stored: ") + ex.getMessage());
	}

	@ExceptionHandler
	ResponseEntity<ApiError> unsupportedMediaType(HttpMediaTypeNotSupportedException ex, HttpServletRequest request) {
		String header = request.getContentType();
		if (ex.getContentType() == null && header != null && !header.isBlank()) {
			// present but unparsable: Spring reports it as if it were missing
			return answer(HttpStatus.BAD_REQUEST, "Content-Type " + header + " cannot be read: " + unreadable(header));
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
	ResponseEntity<ApiError> unreadableJson(HttpMessageNotReadableException ex) {
		if (ex.getCause() instanceof JsonProcessingException json) {
			JsonLocation location = json.getLocation();
			String where = (location != null) ? " at line " + location.getLineNr() + ", column " + location.getColumnNr()
					: "";
			return answer(HttpStatus.BAD_REQUEST, "invalid JSON" + where + ": " + json.getOriginalMessage());
		}
		return answer(HttpStatus.BAD_REQUEST, "the request body is missing or unreadable: send JSON");
	}

	@ExceptionHandler
	ResponseEntity<ApiError> typeMismatch(TypeMismatchException ex) {
		String name = (ex.getPropertyName() != null) ? ex.getPropertyName() : "a parameter";
		return answer(HttpStatus.BAD_REQUEST, "'" + ex.getValue() + "' is not a valid " + name);
	}

	/** Spring MVC's own errors (unknown path, wrong method, missing parameter) and ours. */
	@ExceptionHandler({ ErrorResponseException.class, ServletException.class })
	ResponseEntity<ApiError> errorResponse(Exception ex) {
		if (ex instanceof ErrorResponse error) {
			String detail = error.getBody().getDetail();
			return answer(error.getStatusCode(), (detail != null) ? detail : error.getStatusCode().toString());
		}
		return unexpected(ex);
	}

	@ExceptionHandler
	ResponseEntity<ApiError> unexpected(Exception ex) {
		logger.error("Admin API request failed", ex);
		return answer(HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + ex);
	}

	private static ResponseEntity<ApiError> answer(HttpStatusCode status, String error) {
		return ResponseEntity.status(status).body(ApiError.of(error));
	}

}
