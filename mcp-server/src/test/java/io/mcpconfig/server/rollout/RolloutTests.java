package io.mcpconfig.server.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What each instance sees of a base, its overlays and a gray patch. */
class RolloutTests {

	private static final Map<String, String> BASE = Map.of("greeting", "hello", "pool", "10", "legacy", "yes");

	private static final Map<String, String> EU_WEB = Map.of("region", "eu", "tier", "web");

	@Test
	void anInstanceWithoutMatchingOverlaysOrGraySeesTheBaseItself() {
		Rollout rollout = Rollout.NONE.withOverlay(overlay("eu", "region=eu", Map.of("pool", "20")));
		Rollout.Applicable applicable = rollout.applicableTo("i-1", Map.of("region", "us"));
		assertThat(applicable.isBase()).isTrue();
		assertThat(rollout.compose(BASE, applicable)).isSameAs(BASE);
	}

	@Test
	void theMoreSpecificOverlayWinsAndATieGoesToTheNameThatSortsLast() {
		Rollout rollout = Rollout.NONE.withOverlay(overlay("eu-web", "region=eu,tier=web", Map.of("pool", "30")))
			.withOverlay(overlay("eu", "region=eu", Map.of("pool", "20", "greeting", "hallo")))
			.withOverlay(overlay("b-web", "tier=web", Map.of("greeting", "hi")))
			.withOverlay(overlay("a-web", "tier=web", Map.of("greeting", "hey")));
		Rollout.Applicable applicable = rollout.applicableTo("i-1", EU_WEB);
		assertThat(applicable.overlays()).containsExactly("a-web", "b-web", "eu", "eu-web");
		Map<String, String> seen = rollout.compose(BASE, applicable);
		assertThat(seen).containsEntry("pool", "30").containsEntry("greeting", "hallo").containsEntry("legacy", "yes");
	}

	@Test
	void aGrayPatchSetsAndRemovesKeysOfTheBaseAndOverlaysStillApplyOverIt() {
		Rollout rollout = Rollout.NONE.withOverlay(overlay("eu", "region=eu", Map.of("pool", "20")))
			.withGray(gray(Map.of("pool", "15", "greeting", "bonjour"), Set.of("legacy")));
		Rollout.Applicable applicable = rollout.applicableTo("i-1", EU_WEB);
		assertThat(applicable.gray()).isTrue();
		assertThat(rollout.compose(BASE, applicable)).isEqualTo(Map.of("greeting", "bonjour", "pool", "20"));
	}

	@Test
	void promotingTheGrayChangesNothingForAnyInstanceThatRanIt() {
		Gray gray = gray(Map.of("pool", "15", "greeting", "bonjour"), Set.of("legacy"));
		Rollout during = Rollout.NONE.withOverlay(overlay("eu", "region=eu", Map.of("pool", "20"))).withGray(gray);
		Rollout after = during.withGray(null);
		Map<String, String> promotedBase = gray.patch().applyTo(BASE);
		for (Map<String, String> labels : List.of(EU_WEB, Map.of("region", "us"))) {
			assertThat(after.compose(promotedBase, after.applicableTo("i-1", labels)))
				.isEqualTo(during.compose(BASE, during.applicableTo("i-1", labels)));
		}
	}

	@Test
	void anOverlaySetAgainReplacesTheOneOfItsName() {
		Rollout rollout = Rollout.NONE.withOverlay(overlay("eu", "region=eu", Map.of("pool", "20")))
			.withOverlay(overlay("eu", "region=eu,tier=web", Map.of("pool", "25")));
		assertThat(rollout.overlays()).singleElement()
			.satisfies((overlay) -> assertThat(overlay.properties()).containsEntry("pool", "25"));
		assertThat(rollout.withoutOverlay("eu").isEmpty()).isTrue();
	}

	@Test
	void aTargetHoldsAtMostSixtyFourOverlays() {
		Rollout rollout = Rollout.NONE;
		for (int i = 0; i < Rollout.MAX_OVERLAYS; i++) {
			rollout = rollout.withOverlay(overlay("o" + i, "n=" + i, Map.of()));
		}
		Rollout full = rollout;
		assertThatExceptionOfType(InvalidRolloutException.class)
			.isThrownBy(() -> full.withOverlay(overlay("one-more", "n=x", Map.of())))
			.withMessageContaining("at most 64 overlays");
	}

	@Test
	void selectorsAreReadStrictlyAndShownCanonically() {
		Selector selector = Selector.parse("selector", " tier=web , region=eu");
		assertThat(selector).hasToString("region=eu,tier=web");
		assertThat(selector.matches(EU_WEB)).isTrue();
		assertThat(selector.matches(Map.of("region", "eu"))).isFalse();
		assertThat(Selector.parse("selector", "")).isEqualTo(Selector.ALL);
		assertThatExceptionOfType(InvalidRolloutException.class).isThrownBy(() -> Selector.parse("selector", "region"))
			.withMessage("selector 'region': the term 'region' must be label=value (label: 1 to 128 of A-Z a-z 0-9 . _ /"
					+ " -; value: up to 256 of those and :), terms separated by commas");
		assertThatExceptionOfType(InvalidRolloutException.class)
			.isThrownBy(() -> Selector.parse("selector", "region=eu,region=us"))
			.withMessage("selector 'region=eu,region=us' names the label 'region' twice");
	}

	@Test
	void aPatchMustChangeSomethingAndCannotBothSetAndRemoveAKey() {
		assertThatExceptionOfType(InvalidRolloutException.class).isThrownBy(() -> GrayPatch.of(Map.of()))
			.withMessageContaining("the gray patch is empty");
		assertThatExceptionOfType(InvalidRolloutException.class)
			.isThrownBy(() -> new GrayPatch(Map.of("a", "1"), new TreeSet<>(Set.of("a"))))
			.withMessage("the patch both sets and removes 'a'");
	}

	static Overlay overlay(String name, String selector, Map<String, String> properties) {
		return new Overlay(name, Selector.parse("selector", selector), properties, 2, "test", Instant.EPOCH);
	}

	static Gray gray(Map<String, String> upserts, Set<String> removals) {
		return new Gray("g1", 100, Selector.ALL, new TreeSet<>(), new GrayPatch(upserts, new TreeSet<>(removals)), false,
				3, "test", Instant.EPOCH);
	}

}
