package io.mcpconfig.server.admin;

import java.util.List;
import java.util.Optional;

import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.security.Permission;
import io.mcpconfig.server.security.RequiresPermission;
import io.mcpconfig.server.security.TokenAuthenticationFilter;
import io.mcpconfig.server.store.ReleaseStore;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The targets a caller may read, each with its current release: what an operator (the
 * console, {@code mcpctl targets}) starts from.
 */
@RestController
public class TargetsController {

	private final ReleaseStore store;

	public TargetsController(ReleaseStore store) {
		this.store = store;
	}

	@RequiresPermission(value = Permission.READ, filtersByScope = true)
	@GetMapping("/api/v1/configs")
	public List<ReleaseSummary> targets(@RequestParam(required = false) String env, HttpServletRequest request) {
		if (env != null && !env.isEmpty()) {
			Target.requireName("env", env);
		}
		Optional<ApiToken> token = TokenAuthenticationFilter.tokenOf(request);
		return this.store.targets()
			.stream()
			.filter((target) -> env == null || env.isEmpty() || target.env().equals(env))
			.filter((target) -> token.map((t) -> t.permits(Permission.READ, target)).orElse(true))
			.flatMap((target) -> this.store.current(target).stream())
			.map(ReleaseSummary::of)
			.toList();
	}

}
