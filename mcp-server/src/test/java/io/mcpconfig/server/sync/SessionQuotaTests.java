package io.mcpconfig.server.sync;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.grpc.Metadata;
import io.grpc.Status;
import io.mcpconfig.server.instance.Instance;
import io.mcpconfig.server.instance.InstanceRegistry;
import io.mcpconfig.server.release.Target;
import io.mcpconfig.server.security.Role;
import io.mcpconfig.server.security.Scope;
import io.mcpconfig.server.security.Tokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One token cannot hold more sessions than {@code max-sessions-per-token}, nor instance
 * descriptions beyond {@code max-instance-info-size-per-token}, nor can the sessions of
 * all tokens together hold descriptions beyond {@code max-total-instance-info-size}: one more subscribe is refused with a retry hint,
 * and a session that ends gives back what it held.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "grpc.server.port=0", "mcp.server.sync.max-sessions-per-token=3",
				"mcp.server.sync.max-total-instance-info-size=96KB",
				"mcp.server.sync.max-instance-info-size-per-token=48KB" })
@Import(GrpcServerPort.class)
@DirtiesContext
class SessionQuotaTests extends StartedCenterTests {

	private static final Duration DEADLINE = Duration.ofSeconds(10);

	private static final Target ORDERS_DEV = new Target("orders", "dev");

	@Autowired
	Tokens tokens;

	@Autowired
	InstanceRegistry instances;

	/** The sessions of the test before have ended and given back what they held: the tests share one center. */
	@BeforeEach
	void noSessionLeft() {
		await().atMost(DEADLINE).until(() -> this.instances.list(ORDERS_DEV).isEmpty());
	}

	@Test
	void aTokenBeyondItsSessionsIsRefusedNamingItAndTheLimitUntilOneOfItsSessionsEnds() {
		String fleet = "fleet-" + System.nanoTime();
		String secret = token(fleet);
		SyncClient first = subscribed(client(secret), "i-1");
		subscribed(client(secret), "i-2");
		subscribed(client(secret), "i-3");

		SyncClient fourth = client(secret).subscribe("orders", "dev", "i-4");

		Status refused = fourth.awaitClosed(DEADLINE);
		assertThat(refused.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(refused.getDescription())
			.contains("token '" + fleet + "' holds 3 sessions", "mcp.server.sync.max-sessions-per-token")
			.doesNotContain(secret);
		assertRetryHint(fourth.closedTrailers());
		assertThat(listed("i-4")).isFalse();
		// another token is not held back
		subscribed(client(token("other-" + System.nanoTime())), "i-other");

		first.close();
		await().atMost(DEADLINE).until(() -> !listed("i-1"));
		subscribed(client(secret), "i-5");
	}

	@Test
	void descriptionsBeyondTheCentersBudgetAreRefusedWhateverTheTokenUntilOneEnds() {
		// the largest description the limits allow, about 42 kB: a third one is beyond 96 kB
		SyncClient large = subscribed(largest(client(token("large-" + System.nanoTime()))), "i-large-1");
		subscribed(largest(client(token("large-" + System.nanoTime()))), "i-large-2");

		SyncClient refused = largest(client(token("large-" + System.nanoTime()))).subscribe("orders", "dev",
				"i-large-3");

		Status status = refused.awaitClosed(DEADLINE);
		assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(status.getDescription()).contains("more than 98304 bytes", "mcp.server.sync.max-total-instance-info-size");
		assertRetryHint(refused.closedTrailers());

		large.close();
		await().atMost(DEADLINE).until(() -> !listed("i-large-1"));
		subscribed(largest(client(token("large-" + System.nanoTime()))), "i-large-4");
	}

	@Test
	void aTokenBeyondItsShareOfTheDescriptionsIsRefusedWhileOtherTokensAreNot() {
		String greedy = "greedy-" + System.nanoTime();
		String secret = token(greedy);
		SyncClient large = subscribed(largest(client(secret)), "i-greedy-1");
		subscribed(client(secret), "i-greedy-small");

		// about 84 kB of this token's descriptions would be beyond its 48 kB
		SyncClient refused = largest(client(secret)).subscribe("orders", "dev", "i-greedy-2");

		Status status = refused.awaitClosed(DEADLINE);
		assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
		assertThat(status.getDescription()).contains("token '" + greedy + "'", "more than 49152 bytes",
				"mcp.server.sync.max-instance-info-size-per-token");
		assertRetryHint(refused.closedTrailers());
		// what the refused session would have taken is left to the others: without the token's share, this
		// largest description would be beyond the 96 kB of all
		subscribed(largest(client(token("modest-" + System.nanoTime()))), "i-modest");

		large.close();
		await().atMost(DEADLINE).until(() -> !listed("i-greedy-1"));
		subscribed(largest(client(secret)), "i-greedy-3");
	}

	private static SyncClient largest(SyncClient client) {
		Map<String, String> labels = new HashMap<>();
		String[] profiles = new String[InstanceInfoLimits.MAX_PROFILES];
		for (int i = 0; i < InstanceInfoLimits.MAX_LABELS; i++) {
			labels.put(padded("label-" + i, InstanceInfoLimits.MAX_LABEL_KEY_LENGTH),
					"v".repeat(InstanceInfoLimits.MAX_LABEL_VALUE_LENGTH));
		}
		for (int i = 0; i < profiles.length; i++) {
			profiles[i] = padded("profile-" + i, InstanceInfoLimits.MAX_PROFILE_LENGTH);
		}
		return client.labels(labels).profiles(profiles);
	}

	private static String padded(String name, int length) {
		return name + "x".repeat(length - name.length());
	}

	/** Subscribes and waits until the instance is listed: the session was admitted. */
	private SyncClient subscribed(SyncClient client, String instanceId) {
		client.subscribe("orders", "dev", instanceId);
		await().atMost(DEADLINE).until(() -> listed(instanceId) || client.closedWith() != null);
		assertThat(client.closedWith()).isNull();
		return client;
	}

	private SyncClient client(String secret) {
		return track(SyncClient.autoAcking(channel(secret)));
	}

	private String token(String name) {
		return this.tokens.create(name, Role.CLIENT, Scope.ALL, "test", null).secret();
	}

	private boolean listed(String instanceId) {
		return this.instances.list(ORDERS_DEV).stream().map(Instance::instanceId).anyMatch(instanceId::equals);
	}

	private static void assertRetryHint(Metadata trailers) {
		assertThat(Long.parseLong(trailers.get(SyncSession.RETRY_PUSHBACK))).isBetween(1000L, 3000L);
	}

}
