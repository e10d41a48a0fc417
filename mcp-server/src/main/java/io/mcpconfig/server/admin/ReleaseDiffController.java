package io.mcpconfig.server.admin;

import java.io.IOException;

import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.security.Permission;
import io.mcpconfig.server.security.RequiresPermission;
import io.mcpconfig.server.security.TokenAuthenticationFilter;
import io.mcpconfig.server.store.ReleaseStore;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/v1/configs/{app}/{env}/diff?from=N[&to=M]}: what changed between two
 * retained releases of a target, part by part ({@link ReleaseDiff}), computed where the
 * releases are whole: an answer carries only what changed, with secrets masked.
 */
@RestController
public class ReleaseDiffController {

	private final ReleaseStore store;

	private final ReleaseReadGate releaseReads;

	public ReleaseDiffController(ReleaseStore store, ReleaseReadGate releaseReads) {
		this.store = store;
		this.releaseReads = releaseReads;
	}

	/**
	 * @param from the older release
	 * @param to the newer release, the current one when absent
	 */
	@RequiresPermission(Permission.READ)
	@GetMapping("/api/v1/configs/{app}/{env}/diff")
	public ReleaseDiff diff(@PathVariable String app, @PathVariable String env, @RequestParam long from,
			@RequestParam(required = false) Long to, HttpServletRequest request) throws IOException {
		Target target = new Target(app, env);
		ApiToken viewer = TokenAuthenticationFilter.tokenOf(request).orElse(null);
		return this.releaseReads.admit(request, () -> {
			Release older = this.store.release(target, from)
				.orElseThrow(() -> ConfigController.notRetained(target, from));
			Release newer = (to != null)
					? this.store.release(target, to).orElseThrow(() -> ConfigController.notRetained(target, to))
					: this.store.current(target)
						.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no release of " + target));
			return ReleaseDiff.between(older, newer, viewer == null || viewer.permits(Permission.READ, target.shared()));
		});
	}

}
