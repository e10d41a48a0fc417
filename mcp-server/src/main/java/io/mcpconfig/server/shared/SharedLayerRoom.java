package io.mcpconfig.server.shared;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.mcpconfig.server.release.ConfigDocuments;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.ReleaseContent;
import io.mcpconfig.server.release.SharedLayer;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.rollout.Rollout;
import io.mcpconfig.server.store.ReleaseSizeLimit;
import io.mcpconfig.server.store.ReleaseStore;
import io.mcpconfig.server.store.ReleaseTooLargeException;

import org.springframework.stereotype.Component;

/**
 * Whether a shared layer fits into every application of its env, asked before it is
 * stored: {@link SharedLayerPropagation} could not take it into a release it would make
 * too large, whose instances would then miss it. Reads the current release of every
 * application of the env. An application publishing at the same moment can still cross
 * the limit; the propagation then leaves that one release and says so.
 */
@Component
public class SharedLayerRoom {

	private final ReleaseStore store;

	private final ReleaseSizeLimit sizeLimit;

	public SharedLayerRoom(ReleaseStore store, ReleaseSizeLimit sizeLimit) {
		this.store = store;
		this.sizeLimit = sizeLimit;
	}

	/**
	 * @param shared the shared layer's target, {@code application/{env}}
	 * @param documents its next configuration
	 * @param alongside configurations of applications published together with it (an
	 * import), checked as they will be instead of as they are
	 * @throws SharedLayerTooLargeException naming the first application it would make too large
	 */
	public void require(Target shared, ConfigDocuments documents, Map<Target, ConfigDocuments> alongside) {
		SharedLayer layer = SharedLayer.unpublished(documents);
		Set<Target> applications = new TreeSet<>(Target.ORDER);
		applications.addAll(this.store.targets());
		applications.addAll(alongside.keySet());
		for (Target target : applications) {
			if (!target.env().equals(shared.env()) || target.isShared()) {
				continue;
			}
			ConfigDocuments next = alongside.get(target);
			Release current = this.store.current(target).orElse(null);
			Optional<ReleaseContent> content = Optional.ofNullable(current)
				.map((release) -> (next != null) ? release.content().withDocuments(next) : release.content())
				.or(() -> Optional.ofNullable(next).map((first) -> new ReleaseContent(first, null, Rollout.NONE)));
			try {
				content.ifPresent((held) -> this.sizeLimit.check(target, held.withShared(layer), current));
			}
			catch (ReleaseTooLargeException ex) {
				throw new SharedLayerTooLargeException(shared, target, ex);
			}
		}
	}

}
