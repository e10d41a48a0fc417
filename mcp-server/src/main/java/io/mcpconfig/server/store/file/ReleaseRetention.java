package io.mcpconfig.server.store.file;

import java.util.List;

/**
 * How many releases of each target the file store keeps ({@code mcp.server.max-history}):
 * the newest {@code maxHistory} intact ones, and any corrupt file newer than the oldest of
 * them (its version is never reused, so it stays until it falls behind).
 *
 * @param maxHistory how many intact releases are kept, 1 or more
 */
record ReleaseRetention(int maxHistory) {

	ReleaseRetention {
		if (maxHistory < 1) {
			throw new IllegalArgumentException("mcp.server.max-history must be 1 or more, was " + maxHistory);
		}
	}

	/**
	 * The versions whose files have expired in a state of a target's log.
	 * @param state what is on disk for the target
	 * @return the versions older than the {@code maxHistory}-th newest intact release,
	 * ascending
	 */
	List<Long> expired(ReleaseLog.State state) {
		List<Long> versions = state.versions();
		int intact = 0;
		for (int i = versions.size() - 1; i >= 0; i--) {
			if (!state.corrupt().contains(versions.get(i)) && ++intact == maxHistory) {
				return versions.subList(0, i);
			}
		}
		return List.of();
	}

}
