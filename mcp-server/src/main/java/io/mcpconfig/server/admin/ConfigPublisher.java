package io.mcpconfig.server.admin;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.mcpconfig.server.audit.AuditAction;
import io.mcpconfig.server.audit.AuditTrail;
import io.mcpconfig.server.audit.KeyChanges;
import io.mcpconfig.server.release.ConfigDocuments;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.ReleaseContent;
import io.mcpconfig.server.release.SharedLayer;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.TokenAuthenticationFilter;
import io.mcpconfig.server.shared.SharedLayerRoom;
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
 * import) with its audit entry, which the store keeps with the release; nothing is
 * recorded for a publish the store refused or failed. A target's first release takes the env's shared
 * layer in at once, and so does an application imported with its shared layer; later ones
 * keep theirs until the shared layer moves on.
 */
@Component
public class ConfigPublisher {

	private final ReleaseStore store;

	private final AuditTrail audit;

	private final ReleaseSizeLimit sizeLimit;

	private final SharedLayerRoom sharedLayerRoom;

	public ConfigPublisher(ReleaseStore store, AuditTrail audit, ReleaseSizeLimit sizeLimit,
			SharedLayerRoom sharedLayerRoom) {
		this.store = store;
		this.audit = audit;
		this.sizeLimit = sizeLimit;
		this.sharedLayerRoom = sharedLayerRoom;
	}

	/**
	 * @param action what publishes: a publish, a rollback
	 * @param request the admin request, for the author and the audit entry
	 * @param comment the release's comment, may be {@code null}
	 * @throws VersionConflictException when {@code expectedVersion} is given and not current
	 */
	public Release publish(Target target, ConfigDocuments documents, OptionalLong expectedVersion, String comment,
			AuditAction action, HttpServletRequest request) {
		return publish(target, documents, expectedVersion, comment, action, request, Map.of());
	}

	/**
	 * As {@link #publish(Target, ConfigDocuments, OptionalLong, String, AuditAction, HttpServletRequest)},
	 * for a publish among others (an import).
	 * @param alongside the configurations of the targets published together: a shared layer
	 * must fit beside the applications as they will be, and an application among a shared
	 * layer takes in the env's newest one at once (one release, measured as its preview was)
	 */
	public Release publish(Target target, ConfigDocuments documents, OptionalLong expectedVersion, String comment,
			AuditAction action, HttpServletRequest request, Map<Target, ConfigDocuments> alongside) {
		if (target.isShared()) {
			this.sharedLayerRoom.require(target, documents, alongside);
		}
		boolean amongSharedLayer = isAmongSharedLayer(target, alongside);
		ReleaseChange change = (current, version) -> ReleaseChange
			.documents(documents, (current == null || amongSharedLayer) ? sharedLayerOf(target) : null)
			.apply(current, version);
		// the audit's diff is against the release the store's compare-and-set replaces, as
		// the store read it: no read of our own before the publish (two round trips on etcd),
		// and exact even when another publish came in between
		Release release = this.store.publish(new PublishRequest(target, change, expectedVersion,
				TokenAuthenticationFilter.authorOf(request), comment, this.audit.released(action, request)));
		return release;
	}

	/** Whether an application is published together with its env's shared layer. */
	private static boolean isAmongSharedLayer(Target target, Map<Target, ConfigDocuments> alongside) {
		return !target.isShared() && alongside.containsKey(target.shared());
	}

	/** The env's current shared layer; none for the shared layer itself. */
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
	 * @param alongside the configurations of the targets published together: a shared layer
	 * must fit beside the applications as they will be, and an application is measured with
	 * the shared layer among them, as it will be published
	 */
	public PublishPreview preview(Target target, ConfigDocuments documents, OptionalLong expectedVersion,
			Map<Target, ConfigDocuments> alongside) {
		Optional<Release> current = this.store.current(target);
		long currentVersion = current.map(Release::version).orElse(0L);
		if (expectedVersion.isPresent() && expectedVersion.getAsLong() != currentVersion) {
			throw new VersionConflictException(target, expectedVersion.getAsLong(), currentVersion);
		}
		Release base = current.orElse(null);
		ReleaseContent next = isAmongSharedLayer(target, alongside)
				? ReleaseChange.documents(documents, null)
					.apply(base, currentVersion + 1)
					.withShared(SharedLayer.unpublished(alongside.get(target.shared())))
				: ReleaseChange.documents(documents, (base == null) ? sharedLayerOf(target) : null)
					.apply(base, currentVersion + 1);
		this.sizeLimit.check(target, next, base);
		if (target.isShared()) {
			this.sharedLayerRoom.require(target, documents, alongside);
		}
		return new PublishPreview(target.app(), target.env(), current.map(Release::version).orElse(null),
				KeyChanges.between(current.map((release) -> release.documents().listing()).orElse(Map.of()),
						documents.listing()),
				current.map((release) -> release.documents().equals(documents)).orElse(false));
	}

}
