package io.mcpconfig.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.cli.McpctlRun.Result;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Overlays, gray releases and the instance list through the real jar, with real instances on the gRPC port. */
class RolloutCommandsIT extends WithRunningCenter {

	@Test
	void anOverlayIsSetListedShownAndDeleted() throws Exception {
		mcpctl("publish", "shop", "dev", "-f", file("shop.yml", "pool:\n  size: 10\n").toString());

		Result put = mcpctl("overlays", "put", "shop", "dev", "eu", "--selector", "region=eu", "--selector", "tier=web",
				"-f", file("eu.properties", "pool.size=20\n").toString());
		assertThat(put.out()).as(put.toString()).startsWith("published shop/dev version 2 ");

		assertThat(mcpctl("overlays", "list", "shop", "dev").out())
			.containsPattern("(?m)^eu +region=eu,tier=web +1 +2 ");
		JsonNode overlay = mcpctl("overlays", "get", "shop", "dev", "eu", "-o", "json").json();
		assertThat(overlay.path("properties").path("pool.size").asText()).isEqualTo("20");
		assertThat(mcpctl("history", "shop", "dev").out()).containsPattern("(?m)^2 .* eu ");

		Result delete = mcpctl("overlays", "delete", "shop", "dev", "eu", "--if-match", "2");
		assertThat(delete.out()).as(delete.toString()).startsWith("published shop/dev version 3 ");
		Result gone = mcpctl("overlays", "get", "shop", "dev", "eu");
		assertThat(gone.exitCode()).isEqualTo(ExitStatus.NOT_FOUND.code());
		assertThat(gone.err()).contains("no overlay named 'eu'");
		assertThat(mcpctl("overlays", "list", "shop", "dev").out()).isEqualTo("no overlays\n");
	}

	@Test
	void diffListsAnOverlayAndTheGrayPatchAsTheirOwnPartsWithTheirSelectorAndRule() throws Exception {
		mcpctl("publish", "stall", "dev", "-f", file("stall.yml", "pool: 10\nlegacy: on\n").toString());
		mcpctl("overlays", "put", "stall", "dev", "eu", "--selector", "region=eu", "-f",
				file("stall-eu.yml", "pool: 20\n").toString());
		Result gray = mcpctl("gray", "start", "stall", "dev", "--percentage", "10", "-f",
				file("stall-gray.yml", "pool: 15\nlegacy: ~\n").toString());
		assertThat(gray.out()).as(gray.toString()).startsWith("published stall/dev version 3 ");

		Result diff = mcpctl("diff", "stall", "dev", "--from", "1");

		assertThat(diff.out()).as(diff.toString())
			.startsWith("stall/dev version 1 -> version 3\noverlay eu: none -> region=eu\n"
					+ "gray patch: none -> 10% of every instance\n")
			.containsPattern("(?m)^overlay eu +added +pool +20$")
			.containsPattern("(?m)^gray patch +added +legacy \\[remove] *$")
			.containsPattern("(?m)^gray patch +added +pool +15$")
			.endsWith("3 changes\n");
	}

	@Test
	void aRefusedFlagIsBlamedOnTheFlagAndARefusedPatchOnItsFile() throws Exception {
		mcpctl("publish", "blame", "dev", "-f", file("blame.yml", "pool: 10\n").toString());
		Path patch = file("blame-gray.yml", "pool: 15\n");

		Result badSelector = mcpctl("gray", "start", "blame", "dev", "--selector", "region", "-f", patch.toString());
		assertThat(badSelector.exitCode()).as(badSelector.toString()).isEqualTo(ExitStatus.REFUSED.code());
		assertThat(badSelector.err()).startsWith("mcpctl: selector 'region': the term 'region' must be label=value");

		Result badPercentage = mcpctl("gray", "start", "blame", "dev", "--percentage", "150", "-f", patch.toString());
		assertThat(badPercentage.err()).as(badPercentage.toString())
			.isEqualTo("mcpctl: percentage must be 0 to 100, was 150\n");

		Result badOverlayName = mcpctl("overlays", "put", "blame", "dev", "e u", "--selector", "region=eu", "-f",
				patch.toString());
		assertThat(badOverlayName.err()).as(badOverlayName.toString()).startsWith("mcpctl: overlay name 'e u'");

		Result longComment = mcpctl("publish", "blame", "dev", "-f", patch.toString(), "--comment", "c".repeat(1025));
		assertThat(longComment.err()).as(longComment.toString())
			.startsWith("mcpctl: the comment is 1025 characters long, more than the 1024 allowed");

		Path empty = file("blame-empty.yml", "{}\n");
		Result emptyPatch = mcpctl("gray", "start", "blame", "dev", "--percentage", "10", "-f", empty.toString());
		assertThat(emptyPatch.exitCode()).as(emptyPatch.toString()).isEqualTo(ExitStatus.REFUSED.code());
		assertThat(emptyPatch.err()).startsWith("mcpctl: " + empty + ": the gray patch is empty");
		assertThat(mcpctl("history", "blame", "dev").out()).doesNotContainPattern("(?m)^2 ");
	}

	@Test
	void aGrayReleaseReachesItsInstancesAndIsPromotedOrAborted() throws Exception {
		mcpctl("publish", "cart", "prod", "-f", file("cart.yml", "greeting: hello\nlegacy: true\n").toString());
		try (ConnectedInstance eu = new ConnectedInstance(center, "cart", "prod", "cart-eu-1", Map.of("region", "eu"));
				ConnectedInstance us = new ConnectedInstance(center, "cart", "prod", "cart-us-1",
						Map.of("region", "us"))) {
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
					mcpctl("instances", "cart", "prod").out())
				.containsPattern("(?m)^cart-eu-1 +cli-test +ACKED +1 +region=eu ")
				.containsPattern("(?m)^cart-us-1 +cli-test +ACKED +1 +region=us "));

			Path patch = file("patch.yml", "greeting: bonjour\nlegacy: ~\n");
			Result start = mcpctl("gray", "start", "cart", "prod", "--selector", "region=eu", "--percentage", "100",
					"--abort-on-nack", "-f", patch.toString());
			assertThat(start.out()).as(start.toString()).startsWith("published cart/prod version 2 ");

			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				JsonNode gray = mcpctl("gray", "status", "cart", "prod", "-o", "json").json();
				assertThat(gray.path("matched")).singleElement()
					.satisfies((instance) -> assertThat(instance.path("instanceId").asText()).isEqualTo("cart-eu-1"))
					.satisfies((instance) -> assertThat(instance.path("state").asText()).isEqualTo("APPLIED"));
			});
			assertThat(mcpctl("gray", "status", "cart", "prod").out())
				.contains("rule:       100% of region=eu; abort on NACK")
				.contains("patch:      greeting=bonjour; remove legacy")
				.contains("instances:  1 matched, 1 applied, 0 pending, 0 nacked")
				.containsPattern("(?m)^cart-eu-1 +cli-test +region=eu +APPLIED +2 ");

			Result promote = mcpctl("gray", "promote", "cart", "prod");
			assertThat(promote.out()).as(promote.toString()).startsWith("published cart/prod version 3 ");
			JsonNode promoted = mcpctl("get", "cart", "prod", "-o", "json").json();
			assertThat(promoted.path("properties").path("greeting").asText()).isEqualTo("bonjour");
			assertThat(promoted.path("properties").has("legacy")).isFalse();
			assertThat(mcpctl("gray", "status", "cart", "prod").exitCode()).isEqualTo(ExitStatus.NOT_FOUND.code());

			mcpctl("gray", "start", "cart", "prod", "--instances", "cart-us-1", "-f",
					file("patch.properties", "greeting=hola\n").toString());
			// a second start would replace the running gray: refused, unless asked for
			Result again = mcpctl("gray", "start", "cart", "prod", "--percentage", "50", "-f",
					file("other.properties", "greeting=ciao\n").toString());
			assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitStatus.CONFLICT.code());
			assertThat(again.err()).contains("a gray release of cart/prod is running (instances cart-us-1, set at"
					+ " version 4 by ", "nothing was changed");
			assertThat(mcpctl("gray", "status", "cart", "prod").out()).contains("patch:      greeting=hola");
			Result replaced = mcpctl("gray", "start", "cart", "prod", "--replace", "--instances", "cart-us-1", "-f",
					file("other.properties", "greeting=ciao\n").toString());
			assertThat(replaced.out()).as(replaced.toString()).startsWith("published cart/prod version 5 ");
			Result set = mcpctl("gray", "set", "cart", "prod", "--instances", "cart-us-1", "-f",
					file("third.properties", "greeting=hej\n").toString());
			assertThat(set.out()).as(set.toString()).startsWith("published cart/prod version 6 ");
			assertThat(mcpctl("gray", "status", "cart", "prod").out()).contains("patch:      greeting=hej");
			Result abort = mcpctl("gray", "abort", "cart", "prod");
			assertThat(abort.out()).as(abort.toString()).startsWith("published cart/prod version 7 ");
			assertThat(mcpctl("get", "cart", "prod", "-o", "json").json().path("properties").path("greeting").asText())
				.isEqualTo("bonjour");
		}
	}

}
