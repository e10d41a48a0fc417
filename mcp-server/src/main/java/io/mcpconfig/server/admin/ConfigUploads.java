package io.mcpconfig.server.admin;

import java.io.IOException;
import java.util.Map;

import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.release.ConfigDocuments;
import io.mcpconfig.server.web.InvalidParameterException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * How the admin API takes a configuration in: a place among the concurrent uploads, the
 * body read within its size and time limits, parsed by its Content-Type, and checked
 * against {@code mcp.server.limits}, so publishes, overlays and gray patches refuse bad
 * input alike, before anything reaches the store.
 */
@Component
public class ConfigUploads {

	private final UploadGate gate;

	private final RequestBodyReader bodies;

	private final PublishLimits limits;

	public ConfigUploads(UploadGate gate, RequestBodyReader bodies, McpServerProperties properties) {
		this.gate = gate;
		this.bodies = bodies;
		this.limits = new PublishLimits(properties.limits());
	}

	/**
	 * Runs an upload if a place is free.
	 * @throws org.springframework.web.ErrorResponseException 503 with Retry-After when every place is taken
	 */
	public <T> T admit(RequestPlaces.Work<T> upload) throws IOException {
		return this.gate.admit(upload);
	}

	/** A target's whole configuration: YAML or {@code .properties}, with profile documents. */
	public ConfigDocuments documents(HttpServletRequest request) throws IOException {
		ConfigDocuments documents = format(request).parseDocuments(body(request), contentType(request));
		this.limits.checkConfiguration(documents);
		return documents;
	}

	/**
	 * Checks a configuration read some other way against {@code mcp.server.limits}.
	 * @throws ResponseStatusException 413 when it is larger than allowed
	 */
	public void checkLimits(ConfigDocuments documents) {
		this.limits.checkConfiguration(documents);
	}

	/** One complete document, as an overlay is: YAML or {@code .properties}. */
	public Map<String, String> configuration(HttpServletRequest request) throws IOException {
		Map<String, String> configuration = format(request).parse(body(request), contentType(request));
		this.limits.checkConfiguration(configuration);
		return configuration;
	}

	/** A patch: as {@link #configuration}, a {@code null} value for each key it removes (YAML {@code ~}). */
	public Map<String, String> patch(HttpServletRequest request) throws IOException {
		Map<String, String> patch = format(request).parsePatch(body(request), contentType(request));
		this.limits.checkConfiguration(patch);
		return patch;
	}

	/** @throws ResponseStatusException 400 when the comment, from a request's body, is longer than allowed */
	public void checkComment(String comment) {
		this.limits.commentRefusal(comment).ifPresent((refusal) -> {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, refusal);
		});
	}

	/** @throws InvalidParameterException when the query's {@code comment} is longer than allowed */
	public void checkCommentParameter(String comment) {
		this.limits.commentRefusal(comment).ifPresent((refusal) -> {
			throw InvalidParameterException.query("comment", refusal);
		});
	}

	private byte[] body(HttpServletRequest request) throws IOException {
		byte[] body = this.bodies.read(request);
		if (body.length == 0) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the request body is missing: send the"
					+ " configuration as YAML (application/yaml) or properties (text/plain)");
		}
		return body;
	}

	private static ConfigFormat format(HttpServletRequest request) {
		return ConfigFormat.of(contentType(request));
	}

	private static MediaType contentType(HttpServletRequest request) {
		return MediaType.parseMediaType(request.getContentType());
	}

}
