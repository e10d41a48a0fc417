package io.mcpconfig.testsupport.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mcpconfig.testsupport.chaos.AppObservation.Change;
import io.mcpconfig.testsupport.chaos.Publisher.Publication;
import io.mcpconfig.testsupport.protocol.ClientRecords.AppliedVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each rule of the soak's verdict, on records made by hand: one fault, one broken rule. */
class SoakChecksTests {

	/** Versions 1 to 5 published and kept; the checksum of version v is "c" + v. */
	private final NavigableMap<Long, String> released = released(1, 5);

	private final List<Publication> accepted = publications(1, 5);

	/** One audit entry of each version. */
	private final Map<Long, Integer> audited = audited(1, 5);

	@Test
	void aRunWhereEveryClientFollowedThePublishesBreaksNoRule() {
		SoakChecks checks = SoakChecks.of(this.released, this.audited, this.accepted, 0,
				List.of(history(1, 2, 3, 4, 5), history(1, 3, 5)), List.of(app(5, 0, 1, 3, 5)));
		assertThat(checks.violations()).isEmpty();
		// version 1 was published before the clients held anything: no lag of it
		assertThat(checks.lagMillis()).hasSize(8);
	}

	@Test
	void skippedVersionsAreCountedByWhetherTheStreamStayedOpen() {
		List<AppliedVersion> history = new ArrayList<>(List.of(applied(1, 1), applied(3, 1), applied(5, 2)));
		SoakChecks checks = SoakChecks.of(this.released, this.audited, this.accepted, 0, List.of(history), List.of());
		assertThat(checks.violations()).isEmpty();
		assertThat(checks.skippedOnOneStream()).isEqualTo(1);
		assertThat(checks.skippedAcrossReconnects()).isEqualTo(1);
	}

	@Test
	void aClientWhoseVersionsGoBackIsCaught() {
		assertThat(SoakChecks.of(this.released, this.audited, this.accepted, 0, List.of(history(1, 3, 2, 5)), List.of())
			.violations()).singleElement().asString().startsWith("a client's versions went back");
	}

	@Test
	void aClientThatAppliedAConfigurationThatWasNotPublishedIsCaught() {
		List<AppliedVersion> history = List.of(applied(1, 1), new AppliedVersion(2, "forged", false, 1, 2), applied(5, 1));
		assertThat(SoakChecks.of(this.released, this.audited, this.accepted, 0, List.of(history), List.of()).violations())
			.anySatisfy((violation) -> assertThat(violation).startsWith("a client applied a version that was not published so"))
			.anySatisfy((violation) -> assertThat(violation).startsWith("an acknowledged version is not in the center's history"));
	}

	@Test
	void aClientThatDoesNotEndOnTheLastReleaseIsCaught() {
		assertThat(SoakChecks.of(this.released, this.audited, this.accepted, 0, List.of(history(1, 2, 4)), List.of())
			.violations())
			.singleElement().asString().startsWith("a client does not end on the last release");
	}

	@Test
	void anAcceptedPublishMissingFromTheHistoryIsCaught() {
		NavigableMap<Long, String> lost = new TreeMap<>(this.released);
		lost.remove(3L);
		assertThat(SoakChecks.of(lost, this.audited, this.accepted, 0, List.of(history(1, 2, 4, 5)), List.of()).violations())
			.singleElement().asString().startsWith("an accepted publish is lost");
	}

	@Test
	void versionsNobodyPublishedAreAllowedOnlyAsOftenAsPublishesWentUnanswered() {
		List<Publication> without4 = this.accepted.stream().filter((p) -> p.version() != 4).toList();
		assertThat(SoakChecks.of(this.released, this.audited, without4, 1, List.of(history(1, 5)), List.of())
			.violations()).isEmpty();
		assertThat(SoakChecks.of(this.released, this.audited, without4, 0, List.of(history(1, 5)), List.of()).violations())
			.singleElement().asString().startsWith("versions nobody published");
	}

	@Test
	void anAppWhoseChangesDoNotChainOrThatEndsBehindIsCaught() {
		assertThat(SoakChecks.of(this.released, this.audited, this.accepted, 0, List.of(), List.of(app(4, 0, 1, 2, 4)))
			.violations())
			.singleElement().asString().startsWith("an app does not end on the last release");
		AppObservation broken = new AppObservation("app", 5, "c5", List.of(new Change(0, 1), new Change(2, 5)));
		assertThat(SoakChecks.of(this.released, this.audited, this.accepted, 0, List.of(), List.of(broken)).violations())
			.singleElement().asString().startsWith("an app's changes do not chain");
	}

	@Test
	void aReleaseWithoutItsAuditEntryOrWithTwoIsCaught() {
		Map<Long, Integer> audited = new HashMap<>(this.audited);
		audited.remove(3L);
		audited.put(4L, 2);
		assertThat(SoakChecks.of(this.released, audited, this.accepted, 0, List.of(history(1, 5)), List.of())
			.violations()).containsExactly("a release without its audit entry (1×): [v3: 0 entries]",
					"a release audited more than once (1×): [v4: 2 entries]");
	}

	@Test
	void auditedVersionsAreCountedFromTheAdminApisPages() throws Exception {
		Map<Long, Integer> audited = new HashMap<>();
		JsonNode page = new ObjectMapper()
			.readTree("{\"entries\":[{\"version\":2},{\"version\":1},{\"version\":1}],\"page\":0,\"size\":100,\"total\":3}");
		assertThat(SoakChecks.countAudited(page, audited)).isEqualTo(3);
		assertThat(audited).containsExactlyInAnyOrderEntriesOf(Map.of(1L, 2, 2L, 1));
	}

	private static Map<Long, Integer> audited(long from, long to) {
		Map<Long, Integer> audited = new HashMap<>();
		for (long v = from; v <= to; v++) {
			audited.put(v, 1);
		}
		return audited;
	}

	private static NavigableMap<Long, String> released(long from, long to) {
		NavigableMap<Long, String> released = new TreeMap<>();
		for (long v = from; v <= to; v++) {
			released.put(v, "c" + v);
		}
		return released;
	}

	/** Version v published at v ms. */
	private static List<Publication> publications(long from, long to) {
		List<Publication> publications = new ArrayList<>();
		for (long v = from; v <= to; v++) {
			publications.add(new Publication(v, "c" + v, v, v * 1_000_000, v * 1_000_000 + 1, 0));
		}
		return publications;
	}

	/** Applied on one stream, each 1 ms after it was published. */
	private static List<AppliedVersion> history(long... versions) {
		List<AppliedVersion> history = new ArrayList<>();
		for (long v : versions) {
			history.add(applied(v, 1));
		}
		return history;
	}

	private static AppliedVersion applied(long version, int stream) {
		return new AppliedVersion(version, "c" + version, false, stream, (version + 1) * 1_000_000);
	}

	private static AppObservation app(long holds, long... chain) {
		List<Change> changes = new ArrayList<>();
		for (int i = 1; i < chain.length; i++) {
			changes.add(new Change(chain[i - 1], chain[i]));
		}
		return new AppObservation("app", holds, "c" + holds, changes);
	}

}
