package io.mcpconfig.server.admin;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;

import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.audit.AuditAction;
import io.mcpconfig.server.audit.AuditTrail;
import io.mcpconfig.server.audit.KeyChanges;
import io.mcpconfig.server.release.ConfigDocuments;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.ReleaseContent;
import io.mcpconfig.server.release.SharedLayer;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.rollout.Rollout;
import io.mcpconfig.server.security.TokenAuthenticationFilter;
import io.mcpconfig.server.store.PublishRequest;
import io.mcpconfig.server.store.ReleaseChange;
import io.mcpconfig.server.store.ReleaseSizeLimit;
import io.mcpconfig.server.store.ReleaseStore;
import io.mcpconfig.server.store.ReleaseTooLargeException;
import io.mcpconfig.server.store.VersionConflictException;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

/**
 * Publishes a target's own configuration for the admin API (a publish, a rollback, an
 * import) and records what the store accepted in the audit log; nothing is recorded for a
 * publish the store refused or failed. A target's first release takes the env's shared
 * layer in at once; later ones keep theirs until the shared layer moves on.
 */
@Component
public class ConfigPublisher {

	private final ReleaseStore store;

	private final AuditTrail audit;

	private final ReleaseSizeLimit sizeLimit;

	public ConfigPublisher(ReleaseStore store, AuditTrail audit, McpServerProperties properties) {
		this.store = store;
		this.audit = audit;
		this.sizeLimit = new ReleaseSizeLimit(properties.limits().maxReleaseSize());
	}

	/**
	 * @param action what publishes: a publish, a rollback
	 * @param request the admin request, for the author and the audit entry
	 * @param comment the release's comment, may be {@code null}
	 * @throws VersionConflictException when {@code expectedVersion} is given and not current
	 */
	public Release publish(Target target, ConfigDocuments documents, OptionalLong expectedVersion, String comment,
			AuditAction action, HttpServletRequest request) {
		if (target.isShared()) {
			requireRoomForSharedLayer(target, documents, Map.of());
		}
		// the release the store's compare-and-set replaced, as the store read it: no read of
		// our own before the publish (two round trips on etcd), and the audit's diff is
		// against exactly what this publish replaced, even when another one came in between
		AtomicReference<Release> replaced = new AtomicReference<>();
		ReleaseChange change = (current, version) -> {
			replaced.set(current);
			return change(target, documents, current).apply(current, version);
		};
		Release release = this.store.publish(new PublishRequest(target, change, expectedVersion,
				TokenAuthenticationFilter.authorOf(request), comment));
		this.audit.released(action, request, Optional.ofNullable(replaced.get()), release);
		return release;
	}

	/**
	 * Refuses a shared layer that would make an application's release of its env too large,
	 * before it is stored: it could not be taken into that release, whose instances would
	 * then miss it. An application publishing at the same moment can still cross the limit;
	 * the propagation then refuses that one release and says so.
	 * @param alongside configurations of applications published together with the layer
	 * (an import), checked as they will be instead of as they are
	 */
	private void requireRoomForSharedLayer(Target shared, ConfigDocuments documents,
			Map<Target, ConfigDocuments> alongside) {
		SharedLayer layer = new SharedLayer(0, documents.properties(), documents.profiles());
		Set<Target> applications = new TreeSet<>(Target.ORDER);
		applications.addAll(this.store.targets());
		applications.addAll(alongside.keySet());
		for (Target target : applications) {
			if (!target.env().equals(shared.env()) || target.isShared()) {
				continue;
			}
			ConfigDocuments next = alongside.get(target);
			Optional<ReleaseContent> content = this.store.current(target)
				.map((release) -> (next != null) ? release.content().withDocuments(next) : release.content())
				.or(() -> Optional.ofNullable(next).map((first) -> new ReleaseContent(first, null, Rollout.NONE)));
			try {
				content.ifPresent((held) -> this.sizeLimit.check(target, held.withShared(layer)));
			}
			catch (ReleaseTooLargeException ex) {
				throw new ReleaseTooLargeException("the shared layer " + shared + " cannot be taken into every"
						+ " application of " + shared.env() + ": " + ex.getMessage());
			}
		}
	}

	/** A target's first release takes the shared layer in; later ones keep theirs. */
	private ReleaseChange change(Target target, ConfigDocuments documents, Release current) {
		return ReleaseChange.documents(documents, (current == null) ? sharedLayerOf(target) : null);
	}

	/** The shared layer a target's first release takes in; none for the shared layer itself. */
	private SharedLayer sharedLayerOf(Target target) {
		return target.isShared() ? null : this.store.current(target.shared()).map(SharedLayer::of).orElse(null);
	}

	/**
	 * What publishing {@code documents} would change, without publishing.
	 * @throws VersionConflictException when {@code expectedVersion} is given and not current
	 * @throws ReleaseTooLargeException when the publish would be refused for its size
	 */
	public PublishPreview preview(Target target, ConfigDocuments documents, OptionalLong expectedVersion) {
		return preview(target, documents, expectedVersion, Map.of());
	}

	/**
	 * As {@link #preview(Target, ConfigDocuments, OptionalLong)}, for a publish among others.
	 * @param alongside the configurations of other targets published with this one: a
	 * shared layer must fit beside them as they will be
	 */
	public PublishPreview preview(Target target, ConfigDocuments documents, OptionalLong expectedVersion,
			Map<Target, ConfigDocuments> alongside) {
		Optional<Release> current = this.store.current(target);
		long currentVersion = current.map(Release::version).orElse(0L);
		if (expectedVersion.isPresent() && expectedVersion.getAsLong() != currentVersion) {
			throw new VersionConflictException(target, expectedVersion.getAsLong(), currentVersion);
		}
		this.sizeLimit.check(target,
				change(target, documents, current.orElse(null)).apply(current.orElse(null), currentVersion + 1));
		if (target.isShared()) {
			requireRoomForSharedLayer(target, documents, alongside);
		}
		return new PublishPreview(target.app(), target.env(), current.map(Release::version).orElse(null),
				KeyChanges.between(current.map((release) -> release.documents().listing()).orElse(Map.of()),
						documents.listing()),
				current.map((release) -> release.documents().equals(documents)).orElse(false));
	}

}
