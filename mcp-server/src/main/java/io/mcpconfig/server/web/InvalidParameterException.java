package io.mcpconfig.server.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * A {@code 400} about one parameter of the request (a path segment, a query parameter, a
 * header), answered with that parameter named in {@link ApiError#parameter()}: a client
 * that sent a file along says the file is wrong only when no parameter is.
 */
public class InvalidParameterException extends ResponseStatusException {

	private final ApiError.Parameter parameter;

	public InvalidParameterException(ApiError.Parameter parameter, String reason) {
		super(HttpStatus.BAD_REQUEST, reason);
		this.parameter = parameter;
	}

	public static InvalidParameterException query(String name, String reason) {
		return new InvalidParameterException(ApiError.Parameter.query(name), reason);
	}

	public static InvalidParameterException header(String name, String reason) {
		return new InvalidParameterException(ApiError.Parameter.header(name), reason);
	}

	public ApiError.Parameter parameter() {
		return this.parameter;
	}

}
