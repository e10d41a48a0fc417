package io.mcpconfig.server.release;

import java.util.Objects;

import io.mcpconfig.server.rollout.Rollout;

/**
 * What a release holds: its own configuration, the shared layer below it and the rollout
 * over it.
 *
 * @param documents the target's own properties and profile documents
 * @param shared the env's shared layer, {@code null} for none
 * @param rollout overlays and gray release
 */
public record ReleaseContent(ConfigDocuments documents, SharedLayer shared, Rollout rollout) {

	public ReleaseContent {
		Objects.requireNonNull(documents, "documents");
		Objects.requireNonNull(rollout, "rollout");
	}

	/** The same, with other documents. */
	public ReleaseContent withDocuments(ConfigDocuments next) {
		return new ReleaseContent(next, shared, rollout);
	}

	/** The same, with another rollout. */
	public ReleaseContent withRollout(Rollout next) {
		return new ReleaseContent(documents, shared, next);
	}

	/** The same, with another shared layer. */
	public ReleaseContent withShared(SharedLayer next) {
		return new ReleaseContent(documents, next, rollout);
	}

}
