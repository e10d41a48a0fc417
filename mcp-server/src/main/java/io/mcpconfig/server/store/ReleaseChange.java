package io.mcpconfig.server.store;

import java.util.Map;

import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.ReleaseContent;
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
	 * @return what the next release holds
	 */
	ReleaseContent apply(Release current, long version);

	/** New base properties; the overlays and the gray release stay. */
	static ReleaseChange properties(Map<String, String> properties) {
		Map<String, String> copy = Map.copyOf(properties);
		return (current, version) -> new ReleaseContent(copy, (current != null) ? current.rollout() : Rollout.NONE);
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
			return new ReleaseContent(current.properties(), edit.apply(current, version));
		};
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
