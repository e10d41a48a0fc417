package io.mcpconfig.server.instance;

import java.util.List;

import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.Permission;
import io.mcpconfig.server.security.RequiresPermission;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/configs/{app}/{env}/instances}: the connected instances of a target. */
@RestController
public class InstanceController {

	private final InstanceRegistry registry;

	public InstanceController(InstanceRegistry registry) {
		this.registry = registry;
	}

	@GetMapping("/api/v1/configs/{app}/{env}/instances")
	@RequiresPermission(Permission.READ)
	public List<Instance> instances(@PathVariable String app, @PathVariable String env) {
		return registry.list(new Target(app, env));
	}

}
