package io.mcpconfig.server.admin;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.audit.AuditAction;
import io.mcpconfig.server.audit.AuditTrail;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.security.Permission;
import io.mcpconfig.server.security.RequiresPermission;
import io.mcpconfig.server.security.TokenAuthenticationFilter;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseStore;
import jakarta.servlet.http.HttpServletRequest;

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
 * The admin HTTP API of a target's configuration: publish, read, history, rollback.
 * Bad input is refused before anything reaches the store; what the store accepted is
 * recorded in the audit log.
 */
@RestController
@RequestMapping("/api/v1/configs/{app}/{env}")
public class ConfigController {

	private static final Pattern IF_MATCH = Pattern.compile("\"(\\d{1,18})\"|(\\d{1,18})");

	private static final int DEFAULT_HISTORY_LIMIT = 20;

	private final ReleaseStore store;

	private final McpServerProperties properties;

	private final PublishLimits limits;

	private final UploadGate uploads;

	private final RequestBodyReader bodies;

	private final ObjectMapper json;

	private final AuditTrail audit;

	public ConfigController(ReleaseStore store, McpServerProperties properties, UploadGate uploads,
			RequestBodyReader bodies, ObjectMapper json, AuditTrail audit) {
		this.store = store;
		this.properties = properties;
		this.limits = new PublishLimits(properties.limits());
		this.uploads = uploads;
		this.bodies = bodies;
		this.json = json;
		this.audit = audit;
	}

	@RequiresPermission(Permission.PUBLISH)
	@PutMapping(consumes = { "application/yaml", "application/x-yaml", "text/yaml", "text/plain" })
	public ResponseEntity<ReleaseSummary> publish(@PathVariable String app, @PathVariable String env,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestParam(required = false) String comment, HttpServletRequest request) throws IOException {
		Target target = new Target(app, env);
		OptionalLong expectedVersion = parseIfMatch(ifMatch);
		this.limits.checkComment(comment);
		MediaType contentType = MediaType.parseMediaType(request.getContentType());
		return published(this.uploads.admit(() -> {
			byte[] body = this.bodies.read(request);
			if (body.length == 0) {
				throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "the request body is missing: send the"
						+ " configuration as YAML (application/yaml) or properties (text/plain)");
			}
			Map<String, String> configuration = ConfigFormat.of(contentType).parse(body, contentType);
			this.limits.checkConfiguration(configuration);
			return publishAudited(AuditAction.PUBLISH, request,
					new PublishRequest(target, configuration, expectedVersion, author(request), comment));
		}));
	}

	@RequiresPermission(Permission.READ)
	@GetMapping
	public ResponseEntity<ReleaseView> current(@PathVariable String app, @PathVariable String env) {
		Target target = new Target(app, env);
		Release release = store.current(target)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no release of " + target));
		return ResponseEntity.ok().eTag(eTag(release)).body(ReleaseView.of(release));
	}

	@RequiresPermission(Permission.READ)
	@GetMapping("/releases")
	public List<ReleaseView> history(@PathVariable String app, @PathVariable String env,
			@RequestParam(required = false) Integer limit) {
		Target target = new Target(app, env);
		int max = (limit != null) ? limit : DEFAULT_HISTORY_LIMIT;
		if (max < 1) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be 1 or more, was " + max);
		}
		return store.history(target, Math.min(max, properties.maxHistory())).stream().map(ReleaseView::of).toList();
	}

	@RequiresPermission(Permission.READ)
	@GetMapping("/releases/{version}")
	public ReleaseView release(@PathVariable String app, @PathVariable String env, @PathVariable long version) {
		Target target = new Target(app, env);
		return store.release(target, version).map(ReleaseView::of).orElseThrow(() -> notRetained(target, version));
	}

	@RequiresPermission(Permission.PUBLISH)
	@PostMapping(path = "/rollback", consumes = MediaType.APPLICATION_JSON_VALUE)
	public ResponseEntity<ReleaseSummary> rollback(@PathVariable String app, @PathVariable String env,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch, HttpServletRequest request)
			throws IOException {
		Target target = new Target(app, env);
		OptionalLong expectedVersion = parseIfMatch(ifMatch);
		return published(this.uploads.admit(() -> {
			RollbackRequest rollback = RollbackRequest.read(this.bodies.read(request), this.json);
			this.limits.checkComment(rollback.comment());
			long toVersion = rollback.toVersion();
			Release source = this.store.release(target, toVersion)
				.orElseThrow(() -> notRetained(target, toVersion));
			String comment = (rollback.comment() != null) ? rollback.comment() : "rollback to " + toVersion;
			return publishAudited(AuditAction.ROLLBACK, request,
					new PublishRequest(target, source.properties(), expectedVersion, author(request), comment));
		}));
	}

	/**
	 * Publishes and then records it, with the keys changed against the release current
	 * before: nothing is recorded for a publish the store refused or failed.
	 */
	private Release publishAudited(AuditAction action, HttpServletRequest request, PublishRequest publish) {
		Optional<Release> before = this.store.current(publish.target());
		Release release = this.store.publish(publish);
		this.audit.released(action, request, before, release);
		return release;
	}

	/** The caller's token name: what history and audit show as the author. */
	private static String author(HttpServletRequest request) {
		return TokenAuthenticationFilter.tokenOf(request).map(ApiToken::name).orElse(Release.ANONYMOUS);
	}

	private static ResponseEntity<ReleaseSummary> published(Release release) {
		Target target = release.target();
		if (release.version() == 1) {
			URI location = URI.create("/api/v1/configs/" + target.app() + "/" + target.env() + "/releases/1");
			return ResponseEntity.created(location).eTag(eTag(release)).body(ReleaseSummary.of(release));
		}
		return ResponseEntity.ok().eTag(eTag(release)).body(ReleaseSummary.of(release));
	}

	private static String eTag(Release release) {
		return "\"" + release.version() + "\"";
	}

	private static ResponseStatusException notRetained(Target target, long version) {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "release " + version + " of " + target
				+ " is not retained; GET /api/v1/configs/" + target.app() + "/" + target.env()
				+ "/releases lists those that are");
	}

	/** {@code "3"} or {@code 3}: publish only if version 3 is current (0: no release yet). */
	static OptionalLong parseIfMatch(String ifMatch) {
		if (ifMatch == null) {
			return OptionalLong.empty();
		}
		Matcher matcher = IF_MATCH.matcher(ifMatch.trim());
		if (!matcher.matches()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "If-Match must be the version you expect to be"
					+ " current, e.g. \"3\" (\"0\" when the target has no release yet), was: " + ifMatch);
		}
		return OptionalLong.of(Long.parseLong(matcher.group(1) != null ? matcher.group(1) : matcher.group(2)));
	}

}
