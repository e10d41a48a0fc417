package io.mcpconfig.server.admin;

import java.util.Iterator;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Body of {@code POST .../rollback}.
 *
 * @param toVersion the retained release whose content to publish again
 * @param comment the new release's comment; "rollback to N" when absent
 */
public record RollbackRequest(long toVersion, String comment) {

	private static final Set<String> FIELDS = Set.of("toVersion", "comment");

	private static final String EXAMPLE = "e.g. {\"toVersion\": 3, \"comment\": \"why\"}";

	/**
	 * Parses the body: one JSON object, each field once, and nothing after it.
	 * @throws ResponseStatusException 400 naming what is wrong, and where for a parse error
	 */
	static RollbackRequest read(byte[] body, ObjectMapper json) {
		return of(JsonBody.parse(body, json));
	}

	/**
	 * Read strictly: a rollback publishes, so {@code 1.5} must not round to 1 and a
	 * misspelt field must not be dropped silently.
	 * @throws ResponseStatusException 400 naming what is wrong
	 */
	static RollbackRequest of(JsonNode body) {
		if (body == null || !body.isObject()) {
			throw badRequest("the body must be a JSON object, " + EXAMPLE);
		}
		for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
			String name = names.next();
			if (!FIELDS.contains(name)) {
				throw badRequest("unknown field " + JsonBody.quoted(name) + "; a rollback takes toVersion and comment, " + EXAMPLE);
			}
		}
		JsonNode toVersion = body.get("toVersion");
		if (toVersion == null || toVersion.isNull() || !toVersion.isIntegralNumber() || !toVersion.canConvertToLong()
				|| toVersion.longValue() < 1) {
			String was = (toVersion == null || toVersion.isNull()) ? "missing" : "was " + JsonBody.shown(toVersion);
			throw badRequest("toVersion is required and must be a whole version number of 1 or more (" + was + "), "
					+ EXAMPLE);
		}
		JsonNode comment = body.get("comment");
		if (comment != null && !comment.isNull() && !comment.isTextual()) {
			throw badRequest("comment must be a string, was " + JsonBody.shown(comment));
		}
		return new RollbackRequest(toVersion.longValue(),
				(comment != null && !comment.isNull()) ? comment.textValue() : null);
	}

	private static ResponseStatusException badRequest(String reason) {
		return new ResponseStatusException(HttpStatus.BAD_REQUEST, reason);
	}

}
