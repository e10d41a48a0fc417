package io.mcpconfig.server.store.file;

import java.util.List;
import java.util.Set;

import io.mcpconfig.server.store.file.ReleaseLog.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Which release files of a target expire: a decision on a state, apart from the files. */
class ReleaseRetentionTests {

	@Test
	void filesOlderThanTheMaxHistoryThNewestReleaseExpire() {
		State state = new State(5, List.of(1L, 2L, 3L, 4L, 5L), Set.of(), List.of());
		assertThat(new ReleaseRetention(3).expired(state)).containsExactly(1L, 2L);
	}

	@Test
	void nothingExpiresWhileThereAreAtMostMaxHistoryReleases() {
		State state = new State(3, List.of(1L, 2L, 3L), Set.of(), List.of());
		assertThat(new ReleaseRetention(3).expired(state)).isEmpty();
		assertThat(new ReleaseRetention(3).expired(new State(0, List.of(), Set.of(), List.of()))).isEmpty();
	}

	@Test
	void corruptFilesDoNotCountAsRetainedReleasesAndStayWhileNewerThanTheOldestKept() {
		State state = new State(6, List.of(1L, 2L, 3L, 4L, 5L, 6L), Set.of(2L, 5L), List.of());
		assertThat(new ReleaseRetention(3).expired(state)).containsExactly(1L, 2L);
	}

	@Test
	void maxHistoryBelowOneIsRefusedNamingTheSetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> new ReleaseRetention(0))
			.withMessage("mcp.server.max-history must be 1 or more, was 0");
	}

}
