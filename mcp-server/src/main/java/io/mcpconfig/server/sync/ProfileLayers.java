package io.mcpconfig.server.sync;

import java.util.List;

import io.mcpconfig.server.release.Release;

/**
 * Which profile documents of a release apply to an instance: of the release's own and of
 * its shared layer, bit {@code i} for document {@code i}.
 *
 * @param own of the release's own documents
 * @param shared of its shared layer's
 */
record ProfileLayers(long own, long shared) {

	static final ProfileLayers NONE = new ProfileLayers(0, 0);

	/** The documents of {@code release} that match an instance with these profiles active. */
	static ProfileLayers of(Release release, List<String> activeProfiles) {
		if (release.profiles().isEmpty() && (release.shared() == null || release.shared().profiles().isEmpty())) {
			return NONE;
		}
		return new ProfileLayers(release.documents().matching(activeProfiles),
				(release.shared() != null) ? release.shared().documents().matching(activeProfiles) : 0);
	}

	/** Whether the instance sees the release's plain properties as they are. */
	boolean isPlain(Release release) {
		return own == 0 && release.shared() == null;
	}

}
