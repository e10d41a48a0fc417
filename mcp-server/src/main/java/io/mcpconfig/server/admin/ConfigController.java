package io.mcpconfig.server.admin;

import java.io.IOException;
import java.util.OptionalLong;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.audit.AuditAction;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.Permission;
import io.mcpconfig.server.security.RequiresPermission;
import io.mcpconfig.server.store.ReleaseStore;
import io.mcpconfig.server.web.InvalidParameterException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The admin HTTP API of a target's configuration: publish (or its dry run), read,
 * history, rollback. Reads of stored releases take a place of the {@link ReleaseReadGate}.
 * Bad input is refused before anything reaches the store; what the store accepted is
 * recorded in the audit log.
 */
@RestController
@RequestMapping("/api/v1/configs/{app}/{env}")
public class ConfigController {

	private static final int DEFAULT_HISTORY_LIMIT = 20;

	private final ReleaseStore store;

	private final McpServerProperties properties;

	private final ConfigUploads uploads;

	private final RequestBodyReader bodies;

	private final ObjectMapper json;

	private final ConfigPublisher publisher;

	private final ReleaseReadGate releaseReads;

	private final StreamedJsonArray arrays;

	private final StreamedJsonArray.TimeLimit historyAnswerTimeout;

	public ConfigController(ReleaseStore store, McpServerProperties properties, ConfigUploads uploads,
			RequestBodyReader bodies, ObjectMapper json, ConfigPublisher publisher, ReleaseReadGate releaseReads,
			StreamedJsonArray arrays) {
		this.store = store;
		this.properties = properties;
		this.uploads = uploads;
		this.bodies = bodies;
		this.json = json;
		this.publisher = publisher;
		this.releaseReads = releaseReads;
		this.arrays = arrays;
		this.historyAnswerTimeout = new StreamedJsonArray.TimeLimit(properties.limits().historyAnswerTimeout(),
				"mcp.server.limits.history-answer-timeout");
	}

	// "!dryRun": a request that names dryRun never publishes, whatever its value or letter case
	@RequiresPermission(Permission.PUBLISH)
	@PutMapping(params = "!dryRun", consumes = { "application/yaml", "application/x-yaml", "text/yaml", "text/plain" })
	public ResponseEntity<ReleaseSummary> publish(@PathVariable String app, @PathVariable String env,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestParam(required = false) String comment, HttpServletRequest request) throws IOException {
		Target target = new Target(app, env);
		OptionalLong expectedVersion = ReleaseResponses.expectedVersion(ifMatch);
		this.uploads.checkCommentParameter(comment);
		return ReleaseResponses.published(this.uploads.admit(() -> this.publisher.publish(target,
				this.uploads.documents(request), expectedVersion, comment, AuditAction.PUBLISH, request)));
	}

	/**
	 * What the publish of this body would change, without publishing: a reader may ask, as
	 * it may read both sides. It takes what a publish takes, so a comment beyond the limit
	 * and an {@code If-Match} that is not current are refused here too. {@code dryRun} in
	 * any letter case and with a value that asks for a dry run reaches this handler
	 * ({@link io.mcpconfig.server.web.ChangeParameterInterceptor} refuses any other value).
	 */
	@RequiresPermission(Permission.READ)
	@PutMapping(params = "dryRun", consumes = { "application/yaml", "application/x-yaml", "text/yaml", "text/plain" })
	public PublishPreview preview(@PathVariable String app, @PathVariable String env,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestParam(required = false) String comment, HttpServletRequest request) throws IOException {
		Target target = new Target(app, env);
		OptionalLong expectedVersion = ReleaseResponses.expectedVersion(ifMatch);
		this.uploads.checkCommentParameter(comment);
		return this.uploads.admit(() -> this.publisher.preview(target, this.uploads.documents(request), expectedVersion));
	}

	@RequiresPermission(Permission.READ)
	@GetMapping
	public ResponseEntity<ReleaseView> current(@PathVariable String app, @PathVariable String env) {
		Target target = new Target(app, env);
		Release release = store.current(target)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no release of " + target));
		return ResponseEntity.ok().eTag(ReleaseResponses.eTag(release)).body(ReleaseView.of(release));
	}

	/** The history, written out release by release as the store reads it (it may be many large releases). */
	@RequiresPermission(Permission.READ)
	@GetMapping(path = "/releases", produces = MediaType.APPLICATION_JSON_VALUE)
	public void history(@PathVariable String app, @PathVariable String env,
			@RequestParam(required = false) Integer limit, @RequestParam(defaultValue = "false") boolean summary,
			HttpServletRequest request, HttpServletResponse response) throws IOException {
		Target target = new Target(app, env);
		int max = (limit != null) ? limit : DEFAULT_HISTORY_LIMIT;
		if (max < 1) {
			throw InvalidParameterException.query("limit", "limit must be 1 or more, was " + max);
		}
		this.releaseReads.admit(request, () -> {
			Stream<ReleaseView> views = this.store.history(target, Math.min(max, this.properties.maxHistory()))
				.map((release) -> ReleaseView.of(release, !summary));
			this.arrays.write(views, ReleaseView.class, this.historyAnswerTimeout, response);
			return null;
		});
	}

	@RequiresPermission(Permission.READ)
	@GetMapping("/releases/{version}")
	public ReleaseView release(@PathVariable String app, @PathVariable String env, @PathVariable long version,
			HttpServletRequest request) throws IOException {
		Target target = new Target(app, env);
		return this.releaseReads.admit(request, () -> this.store.release(target, version)
			.map(ReleaseView::of)
			.orElseThrow(() -> notRetained(target, version)));
	}

	@RequiresPermission(Permission.PUBLISH)
	@PostMapping(path = "/rollback", consumes = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<ReleaseSummary> rollback(@PathVariable String app, @PathVariable String env,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch, HttpServletRequest request)
			throws IOException {
		Target target = new Target(app, env);
		OptionalLong expectedVersion = ReleaseResponses.expectedVersion(ifMatch);
		return ReleaseResponses.published(this.uploads.admit(() -> {
			RollbackRequest rollback = RollbackRequest.read(this.bodies.read(request), this.json);
			this.uploads.checkComment(rollback.comment());
			long toVersion = rollback.toVersion();
			Release source = this.store.release(target, toVersion)
				.orElseThrow(() -> notRetained(target, toVersion));
			String comment = (rollback.comment() != null) ? rollback.comment() : "rollback to " + toVersion;
			return this.publisher.publish(target, source.documents(), expectedVersion, comment, AuditAction.ROLLBACK,
					request);
		}));
	}

	static ResponseStatusException notRetained(Target target, long version) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "release " + version + " of " + target
				+ " is not retained; GET /api/v1/configs/" + target.app() + "/" + target.env()
				+ "/releases lists those that are");
	}

}
