package io.mcpconfig.server.imports;

import java.io.IOException;

import io.mcpconfig.server.admin.ConfigUploads;
import io.mcpconfig.server.admin.RequestBodyReader;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.Permission;
import io.mcpconfig.server.security.RequiresPermission;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/import?env=E[&dryRun]}: a Spring Cloud Config native repository,
 * as a zip or a gzipped tar, published into one env. The caller's token must allow
 * publishing every target the repository configures.
 */
@RestController
public class ImportController {

	private final RepositoryImport imports;

	private final ConfigUploads uploads;

	private final RequestBodyReader bodies;

	public ImportController(RepositoryImport imports, ConfigUploads uploads, RequestBodyReader bodies) {
		this.imports = imports;
		this.uploads = uploads;
		this.bodies = bodies;
	}

	@RequiresPermission(value = Permission.PUBLISH, filtersByScope = true)
	@PostMapping(path = "/api/v1/import", consumes = { "application/zip", "application/gzip", "application/x-gzip" })
	public ImportReport importRepository(@RequestParam String env,
			@RequestParam(name = "dryRun", required = false) String dryRun, HttpServletRequest request)
			throws IOException {
		Target.requireName("env", env);
		// named at all, it is a dry run: an empty value must not publish (ChangeParameterInterceptor
		// has refused a value that asks for the import after all)
		boolean preview = dryRun != null;
		return this.uploads.admit(() -> this.imports.run(env, this.bodies.read(request),
				MediaType.parseMediaType(request.getContentType()), preview, request));
	}

}
