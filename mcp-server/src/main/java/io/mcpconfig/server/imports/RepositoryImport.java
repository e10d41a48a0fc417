package io.mcpconfig.server.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.admin.ConfigPublisher;
import io.mcpconfig.server.admin.ConfigUploads;
import io.mcpconfig.server.admin.PublishPreview;
import io.mcpconfig.server.audit.AuditAction;
import io.mcpconfig.server.release.ConfigDocuments;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.AccessDeniedException;
import io.mcpconfig.server.security.ApiToken;
import io.mcpconfig.server.security.Permission;
import io.mcpconfig.server.security.TokenAuthenticationFilter;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Publishes a Spring Cloud Config native repository into one env: the shared layer first
 * (so each application's release takes it in at once), then each application. Everything
 * is read, checked against the limits and authorized before anything is published; a
 * target whose configuration is already current is left as it is, so running an import
 * again after a failure publishes only what is missing.
 */
@Component
public class RepositoryImport {

	/** The comment of each release an import publishes. */
	static final String COMMENT = "imported from a Spring Cloud Config repository";

	private final ConfigPublisher publisher;

	private final ConfigUploads uploads;

	private final long maxUnpacked;

	public RepositoryImport(ConfigPublisher publisher, ConfigUploads uploads, McpServerProperties properties) {
		this.publisher = publisher;
		this.uploads = uploads;
		this.maxUnpacked = 16 * properties.maxBodySize().toBytes();
	}

	/**
	 * @throws ImportException when the archive or a file in it cannot be read
	 * @throws AccessDeniedException when the caller may not publish one of the targets
	 */
	public ImportReport run(String env, byte[] archive, MediaType type, boolean dryRun, HttpServletRequest request) {
		NativeRepository.Plan plan = NativeRepository.plan(RepositoryArchive.read(archive, type, this.maxUnpacked));
		if (plan.targets().isEmpty()) {
			throw new ImportException("the archive holds no configuration file at its root: expected application.yml,"
					+ " {app}.yml, {app}-{profile}.yml (or .yaml, .properties)");
		}
		Optional<ApiToken> token = TokenAuthenticationFilter.tokenOf(request);
		Map<Target, NativeRepository.TargetFiles> imported = new LinkedHashMap<>();
		for (NativeRepository.TargetFiles files : plan.targets()) {
			Target target = new Target(files.app(), env);
			this.uploads.checkLimits(files.documents());
			if (token.isPresent() && !token.get().permits(Permission.PUBLISH, target)) {
				throw new AccessDeniedException("token '" + token.get().name() + "' may not publish " + target
						+ ", which the repository configures (" + String.join(", ", files.files()) + ")");
			}
			imported.put(target, files);
		}
		Map<Target, ConfigDocuments> documents = new LinkedHashMap<>();
		imported.forEach((target, files) -> documents.put(target, files.documents()));
		// every preview first: a release that would be too large refuses the import before any publish
		Map<Target, PublishPreview> previews = new LinkedHashMap<>();
		documents.forEach((target, next) -> previews.put(target,
				this.publisher.preview(target, next, OptionalLong.empty(), documents)));
		List<ImportReport.ImportedTarget> targets = new ArrayList<>();
		imported.forEach((target, files) -> {
			PublishPreview preview = previews.get(target);
			ImportReport.Outcome outcome = outcome(preview);
			Long version = null;
			if (!dryRun && outcome != ImportReport.Outcome.UNCHANGED) {
				version = this.publisher.publish(target, files.documents(), OptionalLong.empty(), COMMENT,
						AuditAction.PUBLISH, request, documents).version();
			}
			targets.add(new ImportReport.ImportedTarget(files.app(), outcome, preview.baseVersion(), version,
					files.files(), files.emptyFiles(), preview.changes()));
		});
		return new ImportReport(env, dryRun, targets, plan.skipped());
	}

	private static ImportReport.Outcome outcome(PublishPreview preview) {
		if (preview.baseVersion() == null) {
			return ImportReport.Outcome.CREATED;
		}
		return preview.unchanged() ? ImportReport.Outcome.UNCHANGED : ImportReport.Outcome.CHANGED;
	}

}
