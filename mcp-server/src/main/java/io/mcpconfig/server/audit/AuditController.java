package io.mcpconfig.server.audit;

import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.Permission;
import io.mcpconfig.server.security.RequiresPermission;
import io.mcpconfig.server.security.TokenAuthenticationFilter;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code GET /api/v1/audit}: the audit log, newest first, a page at a time. Every token
 * that may read lists it, and gets the entries of the apps and envs its scope covers
 * ({@link AuditFilter}): a list across targets is filtered, never refused.
 */
@RestController
public class AuditController {

	static final int DEFAULT_SIZE = 20;

	/** Also below etcd's 128 operations per transaction, the one that reads a page. */
	static final int MAX_SIZE = 100;

	private final AuditStore store;

	public AuditController(AuditStore store) {
		this.store = store;
	}

	@GetMapping("/api/v1/audit")
	@RequiresPermission(value = Permission.READ, filtersByScope = true)
	public AuditPage list(@RequestParam(required = false) String app, @RequestParam(required = false) String env,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "" + DEFAULT_SIZE) int size,
			HttpServletRequest request) {
		if (page < 0) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "page must be 0 or more, was " + page);
		}
		if (size < 1) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
					"size must be 1 or more (at most " + MAX_SIZE + " are answered), was " + size);
		}
		AuditFilter filter = new AuditFilter(name("app", app), name("env", env),
				TokenAuthenticationFilter.tokenOf(request).orElse(null));
		return this.store.read(filter, page, Math.min(size, MAX_SIZE));
	}

	/** An absent or empty parameter filters nothing; anything else must be a valid name. */
	private static String name(String what, String name) {
		if (name == null || name.isEmpty()) {
			return null;
		}
		Target.requireName(what, name);
		return name;
	}

}
