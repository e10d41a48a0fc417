package io.mcpconfig.server.rollout;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Who is in a gray release: the percentage split, stability, and listed ids. */
class GrayTests {

	private static final List<String> IDS = IntStream.range(0, 1000).mapToObj((i) -> "pod-" + i + "-x7f2k").toList();

	private static final Map<String, String> LABELS = Map.of("region", "eu");

	@ParameterizedTest
	@ValueSource(ints = { 1, 5, 10, 25, 50, 75, 90 })
	void aPercentageOfAThousandInstancesIsWithinThreePointsOfIt(int percentage) {
		Gray gray = gray("a1b2c3", percentage, Selector.ALL, Set.of());
		long in = IDS.stream().filter((id) -> gray.includes(id, LABELS)).count();
		assertThat(in / 10.0).isBetween(percentage - 3.0, percentage + 3.0);
	}

	@Test
	void anInstanceStaysOnItsSideWhateverEvaluatesIt() {
		// a gray read back from a store on another replica is another object with the same id
		Gray here = gray("a1b2c3", 30, Selector.ALL, Set.of());
		Gray there = gray("a1b2c3", 30, Selector.ALL, Set.of());
		for (String id : IDS) {
			assertThat(there.includes(id, LABELS)).isEqualTo(here.includes(id, LABELS));
		}
	}

	@Test
	void raisingThePercentageOnlyAddsInstances() {
		Set<String> atTen = in(gray("a1b2c3", 10, Selector.ALL, Set.of()));
		Set<String> atThirty = in(gray("a1b2c3", 30, Selector.ALL, Set.of()));
		assertThat(atThirty).containsAll(atTen);
		assertThat(atThirty.size()).isGreaterThan(atTen.size());
		assertThat(in(gray("a1b2c3", 100, Selector.ALL, Set.of()))).hasSize(IDS.size());
		assertThat(in(gray("a1b2c3", 0, Selector.ALL, Set.of("pod-3-x7f2k")))).containsExactly("pod-3-x7f2k");
	}

	@Test
	void anotherGrayDrawsOtherInstances() {
		assertThat(in(gray("a1b2c3", 10, Selector.ALL, Set.of())))
			.isNotEqualTo(in(gray("d4e5f6", 10, Selector.ALL, Set.of())));
	}

	@Test
	void thePercentageIsTakenOfTheInstancesTheSelectorMatchesAndListedIdsAreAlwaysIn() {
		Gray gray = gray("a1b2c3", 100, Selector.parse("selector", "region=us"), Set.of("pod-7-x7f2k"));
		assertThat(gray.includes("pod-1-x7f2k", Map.of("region", "us", "tier", "web"))).isTrue();
		assertThat(gray.includes("pod-1-x7f2k", LABELS)).isFalse();
		assertThat(gray.includes("pod-1-x7f2k", Map.of())).isFalse();
		assertThat(gray.includes("pod-7-x7f2k", LABELS)).isTrue();
	}

	private static Set<String> in(Gray gray) {
		Set<String> in = new HashSet<>();
		for (String id : IDS) {
			if (gray.includes(id, LABELS)) {
				in.add(id);
			}
		}
		return in;
	}

	static Gray gray(String id, int percentage, Selector selector, Set<String> instances) {
		return new Gray(id, percentage, selector, new TreeSet<>(instances),
				new GrayPatch(Map.of("feature", "on"), new TreeSet<>()), false, 2, "test", Instant.EPOCH);
	}

}
