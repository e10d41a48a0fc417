package io.mcpconfig.server.rollout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.mcpconfig.protocol.v1.InstanceInfo;
import io.mcpconfig.server.ControlCharacters;
import io.mcpconfig.server.admin.ConfigUploads;
import io.mcpconfig.server.admin.ReleaseResponses;
import io.mcpconfig.server.admin.ReleaseSummary;
import io.mcpconfig.server.instance.Instance;
import io.mcpconfig.server.instance.InstanceRegistry;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.rollout.GrayView.MatchedInstance;
import io.mcpconfig.server.rollout.GrayView.State;
import io.mcpconfig.server.security.Permission;
import io.mcpconfig.server.security.RequiresPermission;
import io.mcpconfig.server.store.ReleaseStore;
import io.mcpconfig.server.sync.EffectiveConfigResolver;
import io.mcpconfig.server.web.ListParameter;
import io.mcpconfig.server.web.ApiError;
import io.mcpconfig.server.web.InvalidParameterException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin HTTP API of a target's overlays and gray release. Every change answers the
 * release it made, with the version as ETag, and takes {@code If-Match} as a publish does.
 */
@RestController
@RequestMapping("/api/v1/configs/{app}/{env}")
public class RolloutController {

	private static final int MAX_INSTANCE_ID_LENGTH = 256;

	private final RolloutService rollouts;

	private final ReleaseStore store;

	private final InstanceRegistry instances;

	private final EffectiveConfigResolver resolver;

	private final ConfigUploads uploads;

	public RolloutController(RolloutService rollouts, ReleaseStore store, InstanceRegistry instances,
			EffectiveConfigResolver resolver, ConfigUploads uploads) {
		this.rollouts = rollouts;
		this.store = store;
		this.instances = instances;
		this.resolver = resolver;
		this.uploads = uploads;
	}

	@RequiresPermission(Permission.READ)
	@GetMapping("/overlays")
	public List<OverlayView> overlays(@PathVariable String app, @PathVariable String env) {
		return current(rolloutTarget(app, env)).rollout().overlays().stream().map(OverlayView::of).toList();
	}

	@RequiresPermission(Permission.READ)
	@GetMapping("/overlays/{name}")
	public OverlayView overlay(@PathVariable String app, @PathVariable String env, @PathVariable String name) {
		Target target = rolloutTarget(app, env);
		return current(target).rollout()
			.overlay(name)
			.map(OverlayView::of)
			.orElseThrow(() -> new NoSuchRolloutException(target + " has no overlay named '" + name + "'"));
	}

	@RequiresPermission(Permission.PUBLISH)
	@PutMapping(path = "/overlays/{name}",
			consumes = { "application/yaml", "application/x-yaml", "text/yaml", "text/plain" })
	public ResponseEntity<ReleaseSummary> setOverlay(@PathVariable String app, @PathVariable String env,
			@PathVariable String name, @RequestParam(required = false) @ListParameter String selector,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch, HttpServletRequest request)
			throws IOException {
		Target target = rolloutTarget(app, env);
		refusedAs(ApiError.Parameter.path("name"), () -> {
			Overlay.requireName(name);
			return name;
		});
		Selector parsed = refusedAs(ApiError.Parameter.query("selector"), () -> Selector.parse("selector", selector));
		OptionalLong expected = ReleaseResponses.expectedVersion(ifMatch);
		return ReleaseResponses.published(this.uploads.admit(() -> this.rollouts.setOverlay(target, name, parsed,
				this.uploads.configuration(request), expected, request)));
	}

	@RequiresPermission(Permission.PUBLISH)
	@DeleteMapping("/overlays/{name}")
	public ResponseEntity<ReleaseSummary> deleteOverlay(@PathVariable String app, @PathVariable String env,
			@PathVariable String name, @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			HttpServletRequest request) throws IOException {
		Target target = rolloutTarget(app, env);
		OptionalLong expected = ReleaseResponses.expectedVersion(ifMatch);
		return ReleaseResponses.published(
				this.uploads.admit(() -> this.rollouts.deleteOverlay(target, name, expected, request)));
	}

	@RequiresPermission(Permission.READ)
	@GetMapping("/gray")
	public GrayView gray(@PathVariable String app, @PathVariable String env) {
		Target target = rolloutTarget(app, env);
		Release current = current(target);
		Gray gray = current.rollout()
			.currentGray()
			.orElseThrow(() -> new NoSuchRolloutException(target + " has no gray release running"));
		List<MatchedInstance> matched = new ArrayList<>();
		for (Instance instance : this.instances.list(target)) {
			InstanceInfo who = InstanceInfo.newBuilder()
				.setInstanceId(instance.instanceId())
				.putAllLabels(instance.labels())
				.addAllProfiles(instance.profiles())
				.build();
			if (gray.includes(instance.instanceId(), instance.labels())) {
				matched.add(matched(instance, this.resolver.resolve(current, who).checksum(), gray));
			}
		}
		return new GrayView(current.version(), gray.version(), gray.id(), gray.percentage(),
				gray.selector().toString(), gray.instances(), gray.abortOnNack(), gray.author(), gray.startedAt(),
				GrayView.Patch.of(gray.patch()), matched, GrayView.Counts.of(matched));
	}

	@RequiresPermission(Permission.PUBLISH)
	@PutMapping(path = "/gray", consumes = { "application/yaml", "application/x-yaml", "text/yaml", "text/plain" })
	public ResponseEntity<ReleaseSummary> setGray(@PathVariable String app, @PathVariable String env,
			@RequestParam(required = false) Integer percentage,
			@RequestParam(required = false) @ListParameter String selector,
			@RequestParam(required = false) @ListParameter String instances,
			@RequestParam(required = false, defaultValue = "false") boolean abortOnNack,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
			HttpServletRequest request) throws IOException {
		Target target = rolloutTarget(app, env);
		boolean onlyIfNoneRuns = onlyIfNoneRuns(ifNoneMatch);
		Selector population = refusedAs(ApiError.Parameter.query("selector"), () -> Selector.parse("selector", selector));
		SortedSet<String> ids = refusedAs(ApiError.Parameter.query("instances"), () -> instanceIds(instances));
		// a selector alone means all of its instances; instance ids alone mean only those
		int share = (percentage != null) ? percentage : (population.isAll() ? 0 : 100);
		GrayRule rule = refusedAs(ApiError.Parameter.query("percentage"),
				() -> new GrayRule(share, population, ids, abortOnNack));
		OptionalLong expected = ReleaseResponses.expectedVersion(ifMatch);
		return ReleaseResponses.published(this.uploads.admit(() -> this.rollouts.setGray(target, rule,
				GrayPatch.of(this.uploads.patch(request)), expected, onlyIfNoneRuns, request)));
	}

	/**
	 * Reads a parameter into what it means; a value that means nothing is a 400 naming the
	 * parameter, so that a client sending a patch file too does not blame the file.
	 */
	private static <T> T refusedAs(ApiError.Parameter parameter, Supplier<T> reading) {
		try {
			return reading.get();
		}
		catch (InvalidRolloutException ex) {
			throw new InvalidParameterException(parameter, ex.getMessage());
		}
	}

	/** {@code If-None-Match: *}, HTTP's "create only": start a gray release, never replace one. */
	private static boolean onlyIfNoneRuns(String ifNoneMatch) {
		if (ifNoneMatch == null) {
			return false;
		}
		if (!ifNoneMatch.strip().equals("*")) {
			throw InvalidParameterException.header(HttpHeaders.IF_NONE_MATCH, "If-None-Match takes only * here (start a gray"
					+ " release only if none runs), not '" + ifNoneMatch + "'");
		}
		return true;
	}

	@RequiresPermission(Permission.PUBLISH)
	@PostMapping("/gray/promote")
	public ResponseEntity<ReleaseSummary> promoteGray(@PathVariable String app, @PathVariable String env,
			@RequestParam(required = false, defaultValue = "false") boolean force,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch, HttpServletRequest request)
			throws IOException {
		Target target = rolloutTarget(app, env);
		OptionalLong expected = ReleaseResponses.expectedVersion(ifMatch);
		if (!force) {
			requireNoRefusal(target, gray(app, env));
		}
		return ReleaseResponses.published(this.uploads.admit(() -> this.rollouts.promoteGray(target, expected, request)));
	}

	@RequiresPermission(Permission.PUBLISH)
	@DeleteMapping("/gray")
	public ResponseEntity<ReleaseSummary> abortGray(@PathVariable String app, @PathVariable String env,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch, HttpServletRequest request)
			throws IOException {
		Target target = rolloutTarget(app, env);
		OptionalLong expected = ReleaseResponses.expectedVersion(ifMatch);
		return ReleaseResponses.published(this.uploads.admit(() -> this.rollouts.abortGray(target, expected, request)));
	}

	/**
	 * A canary that refused the patch is the reason a gray runs: promoting it would send the
	 * refused configuration to every instance. {@code force=true} promotes anyway.
	 */
	private static void requireNoRefusal(Target target, GrayView gray) {
		List<String> refusals = gray.matched()
			.stream()
			.filter((instance) -> instance.state() == State.NACKED)
			.map((instance) -> instance.instanceId() + " (" + instance.nackReason() + ")")
			.toList();
		if (!refusals.isEmpty()) {
			throw new GrayNotPromotableException(refusals.size() + " of the " + gray.counts().matched()
					+ " instances in the gray release of " + target + " refused its patch, so it was not promoted: "
					+ String.join("; ", refusals.subList(0, Math.min(3, refusals.size())))
					+ (refusals.size() > 3 ? "; ..." : "") + ". Fix the patch, or promote with force=true");
		}
	}

	/**
	 * The target of an overlay or gray call: never the shared layer, which is refused as the
	 * path's app before any body is read.
	 */
	private static Target rolloutTarget(String app, String env) {
		Target target = new Target(app, env);
		if (target.isShared()) {
			throw new InvalidParameterException(ApiError.Parameter.path("app"),
					InvalidRolloutException.onSharedLayer(target).getMessage());
		}
		return target;
	}

	private Release current(Target target) {
		return this.store.current(target)
			.orElseThrow(() -> new NoSuchRolloutException(target + " has no release, so no overlays or gray either"));
	}

	private static MatchedInstance matched(Instance instance, String expectedChecksum, Gray gray) {
		State state;
		if (instance.running().checksum().equals(expectedChecksum)) {
			state = State.APPLIED;
		}
		else if (instance.status() == Instance.Status.NACKED && instance.nackedVersion() >= gray.version()) {
			state = State.NACKED;
		}
		else {
			state = State.PENDING;
		}
		return new MatchedInstance(instance.instanceId(), instance.host(), instance.labels(), instance.serverId(), state,
				instance.ackedVersion(), instance.running().checksum(),
				(state == State.NACKED) ? instance.nackReason() : "");
	}

	private static TreeSet<String> instanceIds(String list) {
		TreeSet<String> ids = new TreeSet<>();
		if (list == null || list.isBlank()) {
			return ids;
		}
		for (String id : list.split(",")) {
			String trimmed = id.trim();
			if (trimmed.isEmpty() || trimmed.length() > MAX_INSTANCE_ID_LENGTH) {
				throw new InvalidRolloutException("instances '" + ControlCharacters.escaped(list)
						+ "': give instance ids of 1 to " + MAX_INSTANCE_ID_LENGTH + " characters, separated by commas");
			}
			int control = ControlCharacters.indexIn(trimmed);
			if (control >= 0) {
				// no instance can subscribe with such an id: it would only reach the audit log
				throw new InvalidRolloutException("instances: the id '" + ControlCharacters.escaped(trimmed)
						+ "' contains the control character " + ControlCharacters.name(trimmed.charAt(control))
						+ ", which no instance id may");
			}
			ids.add(trimmed);
		}
		return ids;
	}

}
