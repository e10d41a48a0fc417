package io.mcpconfig.server.release;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.mcpconfig.server.rollout.Gray;
import io.mcpconfig.server.rollout.GrayPatch;
import io.mcpconfig.server.rollout.Overlay;
import io.mcpconfig.server.rollout.Rollout;
import io.mcpconfig.server.rollout.Selector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContentSizeTests {

	@Test
	void countsUtf8BytesWithoutEncoding() {
		for (String text : List.of("", "ascii", "é", "€uro", "日本語", "😀", "a😀b€",
				"\u0000\u007f\u0080\u07ff\u0800\uffff")) {
			assertThat(ContentSize.utf8Length(text)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
		}
		// an unpaired surrogate, which an encoder writes as one '?', counts as any character of its range
		assertThat(ContentSize.utf8Length("\ud83d")).isEqualTo(3);
		assertThat(ContentSize.utf8Length("x\ude00")).isEqualTo(4);
		assertThat(ContentSize.utf8Length(null)).isZero();
	}

	@Test
	void countsEveryPartOfARelease() {
		ConfigDocuments own = new ConfigDocuments(Map.of("a", "1"),
				List.of(new ProfileDocument("dev", Map.of("b", "22"))));
		SharedLayer shared = new SharedLayer(3, Map.of("region", "eu"),
				List.of(new ProfileDocument("prod", Map.of("c", "é"))));
		Overlay eu = new Overlay("eu", Selector.parse("selector", "region=eu"), Map.of("pool", "20"), 2, "ops",
				Instant.EPOCH);
		Overlay us = new Overlay("us", Selector.parse("selector", "region=us"), Map.of("pool", "30"), 2, "ops",
				Instant.EPOCH);
		Gray gray = new Gray("g1", 10, Selector.parse("selector", "tier=web"), new TreeSet<>(List.of("i-1")),
				new GrayPatch(Map.of("pool", "99"), new TreeSet<>(List.of("old"))), false, 2, "ops", Instant.EPOCH);
		ContentSize size = ContentSize.of(new ReleaseContent(own, shared, new Rollout(List.of(eu, us), gray)));
		assertThat(size.own()).isEqualTo(2 + 3 + 3); // a=1, the profile expression "dev", b=22
		assertThat(size.shared()).isEqualTo(8 + 4 + 3); // region=eu, "prod", c=é
		assertThat(size.overlays()).isEqualTo(6 + 6);
		assertThat(size.gray()).isEqualTo(6 + 3 + 3); // pool=99, removes old, lists i-1
		assertThat(size.total()).isEqualTo(8 + 15 + 12 + 12);
		assertThat(ContentSize.of(new ReleaseContent(own, null, Rollout.NONE))).isEqualTo(new ContentSize(8, 0, 0, 0));
	}

}
