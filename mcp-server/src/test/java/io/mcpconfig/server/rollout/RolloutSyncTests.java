package io.mcpconfig.server.rollout;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.NackCode;
import io.mcpconfig.server.admin.AdminClient;
import io.mcpconfig.server.sync.AdminApiSessionTests;
import io.mcpconfig.server.sync.SyncClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Overlays and gray releases through the admin API, seen by real gRPC sessions of
 * instances with different ids and labels: who gets what, who gets nothing, and what the
 * center shows.
 */
class RolloutSyncTests extends AdminApiSessionTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private static final String YAML = AdminClient.YAML;

	@Test
	void anOverlayReachesTheInstancesItSelectsAndNoOtherGetsAPush() {
		publish("ov", "pool: 10\ngreeting: hello\n");
		SyncClient eu = subscribed("ov", "i-eu", Map.of("region", "eu", "tier", "web"));
		SyncClient us = subscribed("ov", "i-us", Map.of("region", "us"));

		HttpResponse<String> put = admin.put("/api/v1/configs/ov/dev/overlays/eu?selector=region=eu", YAML, "pool: 20\n");
		assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
		assertThat(put.headers().firstValue("ETag")).contains("\"2\"");
		await().atMost(DEADLINE).until(() -> eu.heldVersion() == 2);
		assertThat(eu.held()).isEqualTo(Map.of("pool", "20", "greeting", "hello"));
		assertThat(eu.updates().get(1).getOrigin()).isEqualTo("release;overlays=eu");
		assertThat(eu.updates().get(1).getFull()).isFalse();

		// the other instance: no push, and the center agrees that it is current
		us.heartbeat(1, us.heldChecksum());
		assertThat(us.awaitHeartbeatAck(1).getCurrentVersion()).isEqualTo(1);
		assertThat(us.heartbeatAcks().get(0).getCurrentChecksum()).isEqualTo(us.heldChecksum());
		assertThat(us.updates()).hasSize(1);

		JsonNode current = json(admin.get("/api/v1/configs/ov/dev"));
		assertThat(current.get("overlays").get(0).asText()).isEqualTo("eu");
		assertThat(current.get("gray").asBoolean()).isFalse();
		assertThat(current.get("properties").get("pool").asText()).isEqualTo("10");
		JsonNode overlays = json(admin.get("/api/v1/configs/ov/dev/overlays"));
		assertThat(overlays).hasSize(1);
		assertThat(overlays.get(0).get("selector").asText()).isEqualTo("region=eu");
		assertThat(overlays.get(0).get("properties").get("pool").asText()).isEqualTo("20");
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode running = instance("ov", "i-eu").get("running");
			assertThat(running.get("overlays").get(0).asText()).isEqualTo("eu");
			assertThat(running.get("checksum").asText()).isEqualTo(eu.heldChecksum());
		});

		// a base publish reaches both; the overlay still wins for its instances
		publish("ov", "pool: 11\ngreeting: hi\n");
		await().atMost(DEADLINE).until(() -> eu.heldVersion() == 3 && us.heldVersion() == 3);
		assertThat(eu.held()).isEqualTo(Map.of("pool", "20", "greeting", "hi"));
		assertThat(us.held()).isEqualTo(Map.of("pool", "11", "greeting", "hi"));

		assertThat(admin.delete("/api/v1/configs/ov/dev/overlays/eu").statusCode()).isEqualTo(200);
		await().atMost(DEADLINE).until(() -> eu.heldVersion() == 4);
		assertThat(eu.held()).isEqualTo(Map.of("pool", "11", "greeting", "hi"));
		assertThat(admin.get("/api/v1/configs/ov/dev/overlays/eu").statusCode()).isEqualTo(404);
	}

	@Test
	void aGrayByInstanceIdFollowsBasePublishesAndItsPromotionPushesOnlyTheOthers() {
		publish("gr", "greeting: hello\nlegacy: kept\npool: 10\n");
		SyncClient canary = subscribed("gr", "i-canary", Map.of());
		SyncClient other = subscribed("gr", "i-other", Map.of());

		HttpResponse<String> put = admin.put("/api/v1/configs/gr/dev/gray?instances=i-canary", YAML,
				"greeting: bonjour\nlegacy: ~\n");
		assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
		await().atMost(DEADLINE).until(() -> canary.heldVersion() == 2);
		assertThat(canary.held()).isEqualTo(Map.of("greeting", "bonjour", "pool", "10"));
		assertThat(canary.updates().get(1).getOrigin()).isEqualTo("gray");

		publish("gr", "greeting: hello\nlegacy: kept\npool: 30\n");
		await().atMost(DEADLINE).until(() -> canary.heldVersion() == 3 && other.heldVersion() == 3);
		assertThat(canary.held()).isEqualTo(Map.of("greeting", "bonjour", "pool", "30"));
		assertThat(other.held()).isEqualTo(Map.of("greeting", "hello", "legacy", "kept", "pool", "30"));

		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode gray = json(admin.get("/api/v1/configs/gr/dev/gray"));
			assertThat(gray.get("instances").get(0).asText()).isEqualTo("i-canary");
			assertThat(gray.get("patch").get("set").get("greeting").asText()).isEqualTo("bonjour");
			assertThat(gray.get("patch").get("remove").get(0).asText()).isEqualTo("legacy");
			assertThat(gray.get("matched")).hasSize(1);
			assertThat(gray.get("matched").get(0).get("instanceId").asText()).isEqualTo("i-canary");
			assertThat(gray.get("matched").get(0).get("state").asText()).isEqualTo("APPLIED");
			assertThat(gray.get("counts").get("applied").asInt()).isEqualTo(1);
		});
		int canaryUpdates = canary.updates().size();

		HttpResponse<String> promote = admin.post("/api/v1/configs/gr/dev/gray/promote", "");
		assertThat(promote.statusCode()).as(promote.body()).isEqualTo(200);
		await().atMost(DEADLINE).until(() -> other.heldVersion() == 4);
		assertThat(other.held()).isEqualTo(canary.held());
		JsonNode base = json(admin.get("/api/v1/configs/gr/dev"));
		assertThat(base.get("properties").get("greeting").asText()).isEqualTo("bonjour");
		assertThat(base.get("properties").has("legacy")).isFalse();
		// the canary runs it already: no push, and the center counts it current
		canary.heartbeat(canary.heldVersion(), canary.heldChecksum());
		assertThat(canary.awaitHeartbeatAck(1).getCurrentVersion()).isEqualTo(3);
		assertThat(canary.updates()).hasSize(canaryUpdates);
		assertThat(admin.get("/api/v1/configs/gr/dev/gray").statusCode()).isEqualTo(404);
		assertThat(json(admin.get("/api/v1/configs/gr/dev/releases")).get(0).get("comment").asText())
			.isEqualTo("gray promoted");
	}

	@Test
	void abortingAGrayByLabelSendsItsInstancesBackToTheBase() {
		publish("ab", "pool: 10\n");
		SyncClient web = subscribed("ab", "i-web", Map.of("tier", "web"));
		SyncClient batch = subscribed("ab", "i-batch", Map.of("tier", "batch"));
		assertThat(admin.put("/api/v1/configs/ab/dev/gray?selector=tier=web", YAML, "pool: 99\n").statusCode())
			.isEqualTo(200);
		await().atMost(DEADLINE).until(() -> "99".equals(web.held().get("pool")));

		assertThat(admin.delete("/api/v1/configs/ab/dev/gray").statusCode()).isEqualTo(200);
		await().atMost(DEADLINE).until(() -> web.heldVersion() == 3);
		assertThat(web.held()).isEqualTo(Map.of("pool", "10"));
		assertThat(batch.updates()).hasSize(1);
		assertThat(admin.delete("/api/v1/configs/ab/dev/gray").statusCode()).isEqualTo(404);
	}

	@Test
	void raisingAPercentageKeepsEveryInstanceAlreadyInAndTheGrayViewListsExactlyThoseServedIt() {
		publish("pc", "pool: 10\n");
		List<SyncClient> fleet = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			fleet.add(subscribed("pc", "pod-" + i, Map.of("app", "pc")));
		}
		assertThat(admin.put("/api/v1/configs/pc/dev/gray?percentage=30", YAML, "pool: 20\n").statusCode())
			.isEqualTo(200);
		Set<String> atThirty = awaitGrayServedAsViewed("pc", fleet);
		assertThat(admin.put("/api/v1/configs/pc/dev/gray?percentage=70", YAML, "pool: 20\n").statusCode())
			.isEqualTo(200);
		Set<String> atSeventy = awaitGrayServedAsViewed("pc", fleet);
		assertThat(atSeventy).containsAll(atThirty);
		assertThat(admin.put("/api/v1/configs/pc/dev/gray?percentage=100", YAML, "pool: 20\n").statusCode())
			.isEqualTo(200);
		assertThat(awaitGrayServedAsViewed("pc", fleet)).hasSize(fleet.size());
	}

	@Test
	void theFirstNackOfAGrayInstanceAbortsAGrayThatAsksForIt() {
		publish("nk", "pool: 10\n");
		SyncClient canary = track(SyncClient.manual(channel)).subscribe("nk", "dev", "i-canary");
		ConfigUpdate base = canary.awaitUpdate(1);
		canary.ack(base);
		assertThat(admin.put("/api/v1/configs/nk/dev/gray?instances=i-canary&abortOnNack=true", YAML, "pool: x\n")
			.statusCode()).isEqualTo(200);
		canary.nack(canary.awaitUpdate(2), NackCode.APPLY_FAILED, "pool: not a number");

		await().atMost(DEADLINE).until(() -> admin.get("/api/v1/configs/nk/dev/gray").statusCode() == 404);
		JsonNode aborted = json(admin.get("/api/v1/configs/nk/dev/releases")).get(0);
		assertThat(aborted.get("version").asLong()).isEqualTo(3);
		assertThat(aborted.get("author").asText()).isEqualTo("mcp-server");
		assertThat(aborted.get("comment").asText())
			.isEqualTo("gray aborted: instance i-canary refused version 2 (token 'admin' from 127.0.0.1): APPLY_FAILED:"
					+ " pool: not a number");
		// back to the base it holds: version 3 is adopted, nothing to apply
		canary.heartbeat(1, base.getChecksum());
		assertThat(canary.awaitHeartbeatAck(1).getCurrentVersion()).isEqualTo(1);
		assertThat(canary.updates()).hasSize(2);
	}

	/**
	 * abort-on-NACK aborts for a refusal of the gray's patch only: not for a refusal of a
	 * patch replaced since (the corrected patch was aborted), nor of a base published during
	 * the gray, which every instance gets (a bad base aborted a good canary).
	 */
	@Test
	void aRefusalOfAReplacedPatchOrOfABasePublishedDuringTheGrayDoesNotAbortIt() {
		publish("nl", "pool: 10\ntimeout: 3s\n");
		SyncClient canary = track(SyncClient.manual(channel)).subscribe("nl", "dev", "i-canary");
		canary.ack(canary.awaitUpdate(1));
		assertThat(admin.put("/api/v1/configs/nl/dev/gray?instances=i-canary&abortOnNack=true", YAML, "pool: x\n")
			.statusCode()).isEqualTo(200);
		ConfigUpdate bad = canary.awaitUpdate(2);
		assertThat(admin.put("/api/v1/configs/nl/dev/gray?instances=i-canary&abortOnNack=true", YAML, "pool: 8\n")
			.statusCode()).isEqualTo(200);
		canary.nack(bad, NackCode.APPLY_FAILED, "pool: not a number");
		canary.ack(canary.awaitUpdate(3));
		assertGrayRunsOn("nl", 3);

		publish("nl", "pool: 10\ntimeout: never\n");
		canary.nack(canary.awaitUpdate(4), NackCode.APPLY_FAILED, "timeout: not a duration");
		assertGrayRunsOn("nl", 4);
		assertThat(json(admin.get("/api/v1/configs/nl/dev/gray")).get("patch").get("set").get("pool").asText())
			.isEqualTo("8");
	}

	@Test
	void aGrayThatAnInstanceRefusedIsPromotedOnlyWhenForced() {
		publish("pf", "pool: 10\n");
		SyncClient canary = track(SyncClient.manual(channel)).subscribe("pf", "dev", "i-canary");
		canary.ack(canary.awaitUpdate(1));
		assertThat(admin.put("/api/v1/configs/pf/dev/gray?instances=i-canary", YAML, "pool: lots\n").statusCode())
			.isEqualTo(200);
		canary.nack(canary.awaitUpdate(2), NackCode.APPLY_FAILED, "pool: not a number");
		await().atMost(DEADLINE).until(() -> json(admin.get("/api/v1/configs/pf/dev/gray")).get("counts").get("nacked")
			.asInt() == 1);

		HttpResponse<String> refused = admin.post("/api/v1/configs/pf/dev/gray/promote", "");
		assertRefused(refused, 409, "1 of the 1 instances in the gray release of pf/dev refused its patch, so it was"
				+ " not promoted: i-canary (APPLY_FAILED: pool: not a number). Fix the patch, or promote with force=true");
		assertThat(admin.currentVersion("/api/v1/configs/pf/dev")).isEqualTo(2);

		HttpResponse<String> forced = admin.post("/api/v1/configs/pf/dev/gray/promote?force=true", "");
		assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
		assertThat(json(admin.get("/api/v1/configs/pf/dev")).get("properties").get("pool").asText()).isEqualTo("lots");
	}

	/** {@code If-None-Match: *}: start a gray, never replace one, checked within the store's compare-and-set. */
	@Test
	void aGrayStartedOnlyIfNoneRunsIsRefusedWhileOneRunsAndNothingIsChanged() {
		publish("inm", "pool: 10\n");
		HttpResponse<String> first = admin.put("/api/v1/configs/inm/dev/gray?instances=i-1", YAML, "pool: 12\n",
				"If-None-Match", "*");
		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

		HttpResponse<String> second = admin.put("/api/v1/configs/inm/dev/gray?percentage=50", YAML, "pool: 99\n",
				"If-None-Match", "*");
		assertRefused(second, 412, "a gray release of inm/dev is running (instances i-1, set"
				+ " at version 2 by ");
		assertThat(AdminClient.error(second)).contains("nothing was changed", "without If-None-Match");
		assertThat(admin.currentVersion("/api/v1/configs/inm/dev")).isEqualTo(2);
		assertThat(json(admin.get("/api/v1/configs/inm/dev/gray")).get("patch").get("set").get("pool").asText())
			.isEqualTo("12");

		assertRefused(admin.put("/api/v1/configs/inm/dev/gray?percentage=50", YAML, "pool: 99\n", "If-None-Match",
				"\"2\""), 400, "If-None-Match takes only * here");
		HttpResponse<String> replaced = admin.put("/api/v1/configs/inm/dev/gray?percentage=50", YAML, "pool: 99\n");
		assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
		assertThat(json(admin.get("/api/v1/configs/inm/dev/gray")).get("patch").get("set").get("pool").asText())
			.isEqualTo("99");
	}

	private void assertGrayRunsOn(String app, long version) {
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> admin
			.get("/api/v1/configs/" + app + "/dev/gray").statusCode() == 200
				&& admin.currentVersion("/api/v1/configs/" + app + "/dev") == version);
	}

	/**
	 * Each layer is a property source of its own to Boot: a list set over a longer one
	 * replaces it whole, and a key written in another relaxed form overrides the one below.
	 * Merged key by key, the tail of the lower list and the lower form survived. (An env of
	 * its own: a shared layer reaches every application of its env.)
	 */
	@Test
	void aListOrAnotherFormOfAKeySetOverALayerReplacesWhatTheLayerHeld() {
		HttpResponse<String> shared = admin.put("/api/v1/configs/application/lst", YAML,
				"hosts: [s1, s2, s3]\nsample:\n  max-connections: 99\n");
		assertThat(shared.statusCode()).as(shared.body()).isIn(200, 201);
		HttpResponse<String> own = admin.put("/api/v1/configs/ls/lst", YAML, """
				servers: [a, b, c]
				hosts: [app1]
				sample:
				  maxConnections: 5
				  greeting: base
				extra:
				  a: 1
				  b: 2
				pool[password]: secret
				---
				spring.config.activate.on-profile: p1
				servers: [p1-only]
				sample:
				  GREETING: p1
				""");
		assertThat(own.statusCode()).as(own.body()).isIn(200, 201);
		SyncClient plain = subscribed("ls", "lst", "i-plain", Map.of("region", "us"));
		SyncClient p1 = track(SyncClient.autoAcking(channel)).labels(Map.of()).profiles("p1").subscribe("ls", "lst", "i-p1");
		await().atMost(DEADLINE).until(() -> p1.heldVersion() > 0);
		Map<String, String> base = Map.of("servers[0]", "a", "servers[1]", "b", "servers[2]", "c", "hosts[0]", "app1",
				"sample.maxConnections", "5", "sample.greeting", "base", "extra.a", "1", "extra.b", "2",
				"pool[password]", "secret");
		assertThat(plain.held()).isEqualTo(base);
		assertThat(p1.held()).isEqualTo(Map.of("servers[0]", "p1-only", "hosts[0]", "app1", "sample.maxConnections",
				"5", "sample.GREETING", "p1", "extra.a", "1", "extra.b", "2", "pool[password]", "secret"));

		assertThat(admin.put("/api/v1/configs/ls/lst/overlays/eu?selector=region=eu", YAML,
				"servers: [eu-only]\npool[user]: eu\n").statusCode()).isEqualTo(200);
		SyncClient eu = subscribed("ls", "lst", "i-eu", Map.of("region", "eu"));
		Map<String, String> euHeld = new java.util.HashMap<>(base);
		euHeld.keySet().removeIf((key) -> key.startsWith("servers"));
		euHeld.put("servers[0]", "eu-only");
		euHeld.put("pool[user]", "eu"); // a map's entries still merge
		assertThat(eu.held()).isEqualTo(euHeld);

		HttpResponse<String> gray = admin.put("/api/v1/configs/ls/lst/gray?instances=i-plain", YAML,
				"servers: [gray-only]\nsample:\n  max-connections: 7\nextra: ~\n");
		assertThat(gray.statusCode()).as(gray.body()).isEqualTo(200);
		await().atMost(DEADLINE).until(() -> plain.heldVersion() == 3);
		assertThat(plain.held()).isEqualTo(Map.of("servers[0]", "gray-only", "hosts[0]", "app1",
				"sample.max-connections", "7", "sample.greeting", "base", "pool[password]", "secret"));

		assertThat(admin.post("/api/v1/configs/ls/lst/gray/promote", "").statusCode()).isEqualTo(200);
		JsonNode promoted = json(admin.get("/api/v1/configs/ls/lst")).get("properties");
		assertThat(promoted.has("servers[1]")).isFalse();
		assertThat(promoted.get("servers[0]").asText()).isEqualTo("gray-only");
		assertThat(promoted.has("sample.maxConnections")).isFalse();
		assertThat(promoted.has("extra.a")).isFalse();
	}

	@Test
	void anInstanceThatReconnectsHoldingItsGrayAndOverlaysIsShownRunningThemWithNothingPushed() {
		publish("rc", "pool: 10\n");
		assertThat(admin.put("/api/v1/configs/rc/dev/overlays/eu?selector=region=eu", YAML, "zone: eu\n").statusCode())
			.isEqualTo(200);
		assertThat(admin.put("/api/v1/configs/rc/dev/gray?instances=i-canary", YAML, "pool: 20\n").statusCode())
			.isEqualTo(200);
		SyncClient first = subscribed("rc", "i-canary", Map.of("region", "eu"));
		Map<String, String> held = first.held();
		assertThat(held).isEqualTo(Map.of("pool", "20", "zone", "eu"));
		first.close();
		await().atMost(DEADLINE).until(() -> json(admin.get("/api/v1/configs/rc/dev/instances")).isEmpty());

		// back (through this replica or another) with what it holds: it is current as it is
		SyncClient back = track(SyncClient.autoAcking(channel)).labels(Map.of("region", "eu"))
			.subscribe("rc", "dev", "i-canary", first.heldVersion(), first.heldChecksum(), held);
		back.heartbeat(first.heldVersion(), first.heldChecksum());
		assertThat(back.awaitHeartbeatAck(1).getCurrentVersion()).isEqualTo(first.heldVersion());
		assertThat(back.updates()).isEmpty();
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode running = instance("rc", "i-canary").get("running");
			assertThat(running.get("gray").asBoolean()).isTrue();
			assertThat(running.get("overlays").get(0).asText()).isEqualTo("eu");
			assertThat(running.get("checksum").asText()).isEqualTo(first.heldChecksum());
		});
		JsonNode gray = json(admin.get("/api/v1/configs/rc/dev/gray"));
		assertThat(gray.get("matched").get(0).get("state").asText()).isEqualTo("APPLIED");
	}

	@Test
	void badRolloutsAreRefusedWithWhatIsWrongAndNothingIsStored() {
		publish("bad", "pool: 10\n");
		assertRefused(admin.put("/api/v1/configs/bad/dev/overlays/eu?selector=region", YAML, "pool: 20\n"), 400,
				"selector 'region': the term 'region' must be label=value");
		assertRefused(admin.put("/api/v1/configs/bad/dev/overlays/e%20u?selector=region=eu", YAML, "pool: 20\n"), 400,
				"overlay name 'e u' is not allowed");
		assertRefused(admin.put("/api/v1/configs/bad/dev/overlays/eu", YAML, "pool: [\n"), 400, "invalid YAML");
		assertRefused(admin.put("/api/v1/configs/bad/dev/gray?percentage=150", YAML, "pool: 20\n"), 400,
				"percentage must be 0 to 100, was 150");
		assertRefused(admin.put("/api/v1/configs/bad/dev/gray", YAML, "pool: 20\n"), 400,
				"the gray reaches no instance");
		assertRefused(admin.put("/api/v1/configs/bad/dev/gray?percentage=10", YAML, "{}\n"), 400,
				"the gray patch is empty");
		assertRefused(admin.put("/api/v1/configs/bad/dev/gray?percentage=10", YAML, "pool: 20\n", "If-Match", "\"7\""),
				409, "expected version 7 but current is 1");
		assertRefused(admin.post("/api/v1/configs/bad/dev/gray/promote", ""), 404, "bad/dev has no gray release running");
		assertRefused(admin.put("/api/v1/configs/none/dev/overlays/eu?selector=region=eu", YAML, "pool: 20\n"), 409,
				"the target has no release yet: publish its base configuration first");
		assertThat(json(admin.get("/api/v1/configs/bad/dev/releases"))).hasSize(1);
		assertThat(admin.get("/api/v1/configs/none/dev").statusCode()).isEqualTo(404);
	}

	@Test
	void aGrayThatTheSharedLayerWouldUndoIsNotPromotedAndRunsOn() {
		// the shared layer sets 'legacy' for all and 'pool' for eu instances, above the application's plain keys
		HttpResponse<String> shared = admin.put("/api/v1/configs/application/shared-gray", YAML,
				"legacy: kept\n---\nspring.config.activate.on-profile: eu\npool: 15\n");
		assertThat(shared.statusCode()).as(shared.body()).isIn(200, 201);
		HttpResponse<String> base = admin.put("/api/v1/configs/sg/shared-gray", YAML, "pool: 10\ngreeting: hello\n");
		assertThat(base.statusCode()).as(base.body()).isIn(200, 201);
		SyncClient eu = track(SyncClient.autoAcking(channel)).labels(Map.of()).profiles("eu")
			.subscribe("sg", "shared-gray", "i-eu");
		await().atMost(DEADLINE).until(() -> eu.heldVersion() == 1);
		assertThat(eu.held()).isEqualTo(Map.of("legacy", "kept", "pool", "15", "greeting", "hello"));

		HttpResponse<String> gray = admin.put("/api/v1/configs/sg/shared-gray/gray?instances=i-eu", YAML,
				"legacy: ~\npool: 20\ngreeting: hi\n");
		assertThat(gray.statusCode()).as(gray.body()).isEqualTo(200);
		await().atMost(DEADLINE).until(() -> eu.heldVersion() == 2);
		assertThat(eu.held()).isEqualTo(Map.of("pool", "20", "greeting", "hi"));

		// promoted, the release would give i-eu 'legacy' back and the shared eu document's pool
		assertRefused(admin.post("/api/v1/configs/sg/shared-gray/gray/promote", ""), 409,
				"the gray release of sg/shared-gray cannot be promoted without changing what its instances get:"
						+ " it removes 'legacy', which the shared layer sets: an application cannot remove a shared key;"
						+ " it sets 'pool', which the shared layer's document on-profile 'eu' sets to another value and"
						+ " would override for the instances with that profile. Change the shared layer"
						+ " application/shared-gray first, or abort the gray and publish the change to the shared layer");
		JsonNode current = json(admin.get("/api/v1/configs/sg/shared-gray"));
		assertThat(current.get("version").asLong()).isEqualTo(2);
		assertThat(current.get("gray").asBoolean()).isTrue();

		// a patch the application's release can hold as served promotes as before
		// pool as the shared eu document sets it changes nothing for them either
		HttpResponse<String> narrower = admin.put("/api/v1/configs/sg/shared-gray/gray?instances=i-eu", YAML,
				"greeting: hi\npool: 15\n");
		assertThat(narrower.statusCode()).as(narrower.body()).isEqualTo(200);
		await().atMost(DEADLINE).until(() -> eu.heldVersion() == 3);
		HttpResponse<String> promote = admin.post("/api/v1/configs/sg/shared-gray/gray/promote", "");
		assertThat(promote.statusCode()).as(promote.body()).isEqualTo(200);
		await().atMost(DEADLINE).untilAsserted(() -> assertThat(json(admin.get("/api/v1/configs/sg/shared-gray"))
			.get("gray").asBoolean()).isFalse());
		assertThat(eu.held()).isEqualTo(Map.of("legacy", "kept", "pool", "15", "greeting", "hi"));
	}

	/** Waits until the instances served the patch are exactly those the gray view lists, all applied. */
	private Set<String> awaitGrayServedAsViewed(String app, List<SyncClient> fleet) {
		Set<String> served = new HashSet<>();
		await().atMost(DEADLINE).untilAsserted(() -> {
			served.clear();
			for (int i = 0; i < fleet.size(); i++) {
				if ("20".equals(fleet.get(i).held().get("pool"))) {
					served.add("pod-" + i);
				}
			}
			Set<String> viewed = new HashSet<>();
			JsonNode gray = json(admin.get("/api/v1/configs/" + app + "/dev/gray"));
			gray.get("matched").forEach((instance) -> viewed.add(instance.get("instanceId").asText()));
			assertThat(viewed).isEqualTo(served);
			assertThat(gray.get("counts").get("applied").asInt()).isEqualTo(served.size());
		});
		return Set.copyOf(served);
	}

	private void assertRefused(HttpResponse<String> response, int status, String error) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(AdminClient.error(response)).contains(error);
	}

	@Test
	void theGrayStatusCountsAnInstanceWithProfileDocumentsAppliedOnceItRunsThePatch() {
		publish("gp", "pool: 10\n---\nspring.config.activate.on-profile: eu\npool: 15\n");
		SyncClient eu = track(SyncClient.autoAcking(channel)).labels(Map.of()).profiles("eu")
			.subscribe("gp", "dev", "i-eu");
		await().atMost(DEADLINE).until(() -> eu.heldVersion() == 1);
		assertThat(eu.held()).isEqualTo(Map.of("pool", "15"));

		HttpResponse<String> put = admin.put("/api/v1/configs/gp/dev/gray?instances=i-eu", YAML, "greeting: hi\n");
		assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
		await().atMost(DEADLINE).until(() -> eu.heldVersion() == 2);
		assertThat(eu.held()).isEqualTo(Map.of("pool", "15", "greeting", "hi"));
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode gray = json(admin.get("/api/v1/configs/gp/dev/gray"));
			assertThat(gray.get("matched").get(0).get("checksum").asText()).isEqualTo(eu.heldChecksum());
			assertThat(gray.get("matched").get(0).get("state").asText()).isEqualTo("APPLIED");
		});
	}

	@Test
	void anOverlayOrAGrayPatchThatNamesAProfileActivationIsRefusedAndNothingIsStored() {
		publish("pa", "pool: 10\n");
		Map<String, String> activations = Map.of("spring.config.activate.on-profile: x\npool: 1\n", YAML,
				"spring:\n  profiles: x\npool: 1\n", YAML, "spring.config.activate.on-profile=x\npool=1\n",
				AdminClient.PROPERTIES, "spring.config.activate.on-cloud-platform=kubernetes\npool=1\n",
				AdminClient.PROPERTIES);
		for (String path : List.of("overlays/pro?selector=region=eu", "gray?percentage=10")) {
			activations.forEach((body, contentType) -> {
				HttpResponse<String> refused = admin.put("/api/v1/configs/pa/dev/" + path, contentType, body);
				assertThat(refused.statusCode()).as(path + " " + body).isEqualTo(400);
				assertThat(AdminClient.error(refused)).contains("an overlay or a gray patch cannot be")
					.contains("publish a profile document");
			});
		}
		assertThat(admin.currentVersion("/api/v1/configs/pa/dev")).isEqualTo(1);
	}

	private SyncClient subscribed(String app, String instanceId, Map<String, String> labels) {
		return subscribed(app, "dev", instanceId, labels);
	}

	private SyncClient subscribed(String app, String env, String instanceId, Map<String, String> labels) {
		SyncClient client = track(SyncClient.autoAcking(channel)).labels(labels).subscribe(app, env, instanceId);
		await().atMost(DEADLINE).until(() -> client.heldVersion() > 0);
		return client;
	}

	private void publish(String app, String yaml) {
		HttpResponse<String> put = admin.put("/api/v1/configs/" + app + "/dev", YAML, yaml);
		assertThat(put.statusCode()).as(put.body()).isIn(200, 201);
	}

	private JsonNode instance(String app, String instanceId) {
		for (JsonNode instance : json(admin.get("/api/v1/configs/" + app + "/dev/instances"))) {
			if (instance.get("instanceId").asText().equals(instanceId)) {
				return instance;
			}
		}
		throw new AssertionError("no instance " + instanceId);
	}

	private static JsonNode json(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return AdminClient.json(response);
	}

}
