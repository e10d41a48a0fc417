package io.mcpconfig.server.store;

import java.util.Map;

import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.ConfigDocuments;
import io.mcpconfig.server.release.ReleaseContent;
import io.mcpconfig.server.release.SharedLayer;
import io.mcpconfig.server.rollout.InvalidRolloutException;
import io.mcpconfig.server.rollout.Rollout;

/**
 * How a publish builds the next release from the current one, applied by the store
 * inside its compare-and-set, so that a base publish keeps the overlays and gray release
 * current at that moment and a rollout change keeps the base, even when several replicas
 * publish at once. May throw to refuse the change: nothing is stored then.
 */
@FunctionalInterface
public interface ReleaseChange {

	/**
	 * @param current the target's current release, {@code null} when it has none
	 * @param version the version the next release gets
	 * @return what the next release holds; {@code null} when the current release holds the
	 * change already: nothing is published, and the store answers the current release
	 */
	ReleaseContent apply(Release current, long version);

	/** New base properties; the shared layer, the overlays and the gray release stay. */
	static ReleaseChange properties(Map<String, String> properties) {
		return documents(ConfigDocuments.plain(properties), null);
	}

	/**
	 * A new configuration of the target's own; the overlays and the gray release stay.
	 * @param documents the properties and profile documents
	 * @param sharedNow the env's shared layer as the publisher read it, {@code null} for
	 * none: the release keeps the newer of it and the one it holds
	 */
	static ReleaseChange documents(ConfigDocuments documents, SharedLayer sharedNow) {
		return (current, version) -> {
			if (current == null) {
				return new ReleaseContent(documents, sharedNow, Rollout.NONE);
			}
			return current.content().withDocuments(documents).withShared(newer(current.shared(), sharedNow));
		};
	}

	/**
	 * The env's shared layer, taken into a target's release. Nothing changes for a target
	 * whose layer it does not {@linkplain SharedLayer#supersedes supersede}; a target without
	 * a release is refused with a {@link NoReleaseException}.
	 */
	static ReleaseChange shared(SharedLayer layer) {
		return (current, version) -> {
			if (current == null) {
				throw new NoReleaseException("the target has no release to take the shared layer into");
			}
			if (!layer.supersedes(current.shared())) {
				return null;
			}
			return current.content().withShared(layer);
		};
	}

	/**
	 * A change of the overlays or gray release; the base stays. Overlays and grays are over
	 * a base: a target without a release is refused with a {@link NoReleaseException}.
	 */
	static ReleaseChange rollout(RolloutEdit edit) {
		return (current, version) -> {
			if (current == null) {
				throw new NoReleaseException("the target has no release yet: publish its base configuration first");
			}
			if (current.target().isShared()) {
				throw InvalidRolloutException.onSharedLayer(current.target());
			}
			return current.content().withRollout(edit.apply(current, version));
		};
	}

	private static SharedLayer newer(SharedLayer held, SharedLayer offered) {
		if (held == null) {
			return offered;
		}
		return (offered != null && offered.version() > held.version()) ? offered : held;
	}

	/** An edit of a release's rollout. */
	@FunctionalInterface
	interface RolloutEdit {

		/**
		 * @param current the current release
		 * @param version the version the edited rollout is stored at
		 * @return the next rollout
		 */
		Rollout apply(Release current, long version);

	}

}
