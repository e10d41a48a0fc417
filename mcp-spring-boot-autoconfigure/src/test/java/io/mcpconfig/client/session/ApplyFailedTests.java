package io.mcpconfig.client.session;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestApp.ChangeEvents;
import io.mcpconfig.client.TestApp.GreetingVeto;
import io.mcpconfig.client.TestApp.LimitsProperties;
import io.mcpconfig.client.TestApp.OtherProperties;
import io.mcpconfig.client.TestApp.SampleProperties;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.actuate.SyncStatusTracker;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.Nack;
import io.mcpconfig.protocol.v1.NackCode;

import static io.mcpconfig.client.TestConfigServer.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Releases the application refuses: they are NACKed with {@code APPLY_FAILED} and a
 * reason, the previous configuration stays everywhere, and they are not applied again.
 */
class ApplyFailedTests {

	private static final Map<String, String> V1 = Map.of("sample.greeting", "hello", "sample.max-connections", "5",
			"other.name", "first");

	private final TestConfigServer server = TestConfigServer.start();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void releaseThatCannotBindIsNackedAndChangesNothing() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			SampleProperties sample = context.getBean(SampleProperties.class);
			int binds = sample.binds();
			ConfigUpdate bad = this.server
				.publish(Map.of("sample.greeting", "hi", "sample.max-connections", "not-a-number", "other.name", "first"));

			Nack nack = this.server.awaitNack(bad);
			assertThat(nack.getCode()).isEqualTo(NackCode.APPLY_FAILED);
			assertThat(nack.getVersion()).isEqualTo(2);
			assertThat(nack.getReason()).contains("sample.max-connections=not-a-number", "int",
					"SampleProperties", "not-a-number");
			assertUnchanged(context, 1);
			assertThat(sample.binds()).isEqualTo(binds);
			assertThat(this.server.acks()).isEmpty();

			ConfigUpdate good = this.server
				.publish(Map.of("sample.greeting", "hi", "sample.max-connections", "7", "other.name", "first"));
			this.server.awaitAck(good);
			assertThat(sample.getMaxConnections()).isEqualTo(7);
			assertThat(sample.getGreeting()).isEqualTo("hi");
			ConfigChangeEvent event = context.getBean(ChangeEvents.class).all().get(0);
			assertThat(event.getOldVersion()).isEqualTo(1);
			assertThat(event.getNewVersion()).isEqualTo(3);
			assertThat(context.getBean(ChangeEvents.class).all()).hasSize(1);
		}
	}

	@Test
	void placeholdersAreResolvedAgainstTheReleaseBeingChecked() {
		this.server.setRelease(Map.of("sample.greeting", "hello", "sample.max-connections", "${pool.size}",
				"pool.size", "5"));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			assertThat(context.getBean(SampleProperties.class).getMaxConnections()).isEqualTo(5);
			ConfigUpdate bad = this.server.publish(Map.of("sample.greeting", "hi", "sample.max-connections",
					"${pool.size}", "pool.size", "not-a-number"));

			Nack nack = this.server.awaitNack(bad);
			assertThat(nack.getCode()).isEqualTo(NackCode.APPLY_FAILED);
			assertThat(nack.getReason()).contains("sample.max-connections", "not-a-number");
			assertThat(context.getBean(SampleProperties.class).getMaxConnections()).isEqualTo(5);
			assertThat(context.getBean(SampleProperties.class).getGreeting()).isEqualTo("hello");
		}
	}

	@Test
	void releaseVetoedByAValidatorIsNackedWithItsReason() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			ConfigUpdate vetoed = this.server.publish(Map.of("sample.greeting", GreetingVeto.FORBIDDEN,
					"sample.max-connections", "5", "other.name", "first"));

			Nack nack = this.server.awaitNack(vetoed);
			assertThat(nack.getCode()).isEqualTo(NackCode.APPLY_FAILED);
			assertThat(nack.getReason()).isEqualTo("vetoed by TestApp.GreetingVeto: sample.greeting must not be forbidden");
			assertUnchanged(context, 1);
		}
	}

	@Test
	void releaseThatFailsJsr303ValidationIsNacked() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			Map<String, String> v2 = new HashMap<>(V1);
			v2.put("limits.size", "0");
			ConfigUpdate invalid = this.server.publish(v2);

			Nack nack = this.server.awaitNack(invalid);
			assertThat(nack.getCode()).isEqualTo(NackCode.APPLY_FAILED);
			assertThat(nack.getReason()).contains("LimitsProperties", "size", "rejected 0",
					"must be greater than or equal to 1");
			assertThat(context.getBean(LimitsProperties.class).getSize()).isEqualTo(1);
			assertUnchanged(context, 1);
		}
	}

	@Test
	void refusalReasonsNameASecretKeyButNotItsValue() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			Map<String, String> unbindable = new HashMap<>(V1);
			unbindable.put("store.password", "not-a-number");
			Nack notANumber = this.server.awaitNack(this.server.publish(unbindable));
			assertThat(notANumber.getReason()).contains("store.password", "int").doesNotContain("not-a-number");

			Map<String, String> invalid = new HashMap<>(V1);
			invalid.put("store.password", "777");
			Nack tooSmall = this.server.awaitNack(this.server.publish(invalid));
			assertThat(tooSmall.getReason()).contains("password", "must be greater than or equal to 1000")
				.doesNotContain("777");
			assertThat(context.getBean(TestApp.StoreProperties.class).getPassword()).isEqualTo(1000);
		}
	}

	@Test
	void releaseWhoseRefreshFailsIsUndoneAndNacked() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			ConfigUpdate exploding = this.server.publish(
					Map.of("sample.greeting", "hi", "sample.max-connections", "5", "other.name", TestApp.EXPLODING));

			Nack nack = this.server.awaitNack(exploding);
			assertThat(nack.getCode()).isEqualTo(NackCode.APPLY_FAILED);
			assertThat(nack.getReason()).startsWith("refreshing beans failed: ")
				.contains("other.name must not be " + TestApp.EXPLODING);
			Environment environment = context.getEnvironment();
			assertThat(environment.getProperty("other.name")).isEqualTo("first");
			assertThat(environment.getProperty("sample.greeting")).isEqualTo("hello");
			assertThat(context.getBean(OtherProperties.class).getName()).isEqualTo("first");
			assertThat(context.getBean(SampleProperties.class).getGreeting()).isEqualTo("hello");
			assertThat(context.getBean(TestApp.Greeter.class).greeting()).isEqualTo("hello");
			assertThat(context.getBean(McpConfigClient.class).held().version()).isEqualTo(1);
			// Listeners were told of the change and are told it was undone.
			assertThat(context.getBean(ChangeEvents.class).all()).extracting(ConfigChangeEvent::getNewVersion)
				.containsExactly(2L, 1L);
		}
	}

	@Test
	void refusedReleaseIsNotAppliedAgainWhenTheCenterOffersItAgain() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			this.server.awaitSubscribed(1);
			GreetingVeto veto = context.getBean(GreetingVeto.class);
			Map<String, String> forbidden = Map.of("sample.greeting", GreetingVeto.FORBIDDEN, "sample.max-connections",
					"5", "other.name", "first");
			this.server.awaitNack(this.server.publish(forbidden));
			int checks = veto.calls();

			// A new subscription is offered the current release again: refused from memory.
			this.server.breakStreams();
			this.server.awaitSubscribed(2);
			eventually().until(() -> this.server.nacks().size() == 2);
			assertThat(this.server.nacks().get(1).getCode()).isEqualTo(NackCode.APPLY_FAILED);
			assertThat(this.server.nacks().get(1).getReason()).startsWith("version 2 was refused before: vetoed by");
			assertThat(veto.calls()).isEqualTo(checks);

			// Heartbeat answers naming the refused release are not drift: no new subscription.
			// Nor do they confirm what the instance holds: the center serves something else.
			this.server.answerHeartbeatsWith(2, ConfigChecksum.of(forbidden));
			int heartbeats = this.server.heartbeats().size();
			eventually().until(() -> this.server.heartbeats().size() > heartbeats);
			Instant lastSync = context.getBean(SyncStatusTracker.class).status().lastSync();
			eventually().until(() -> this.server.heartbeats().size() >= heartbeats + 6);
			assertThat(this.server.subscribes()).hasSize(2);
			assertThat(context.getBean(SyncStatusTracker.class).status().lastSync()).isEqualTo(lastSync);
			assertUnchanged(context, 1);

			Map<String, String> v3 = Map.of("sample.greeting", "allowed", "sample.max-connections", "5", "other.name",
					"first");
			ConfigUpdate next = this.server.publish(v3);
			this.server.awaitAck(next);
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("allowed");
			assertThat(veto.calls()).isEqualTo(checks + 1);
		}
	}

	private static void assertUnchanged(ConfigurableApplicationContext context, long version) {
		assertThat(context.getBean(McpConfigClient.class).held().version()).isEqualTo(version);
		assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("hello");
		assertThat(context.getEnvironment().getProperty("sample.max-connections")).isEqualTo("5");
		SampleProperties sample = context.getBean(SampleProperties.class);
		assertThat(sample.getGreeting()).isEqualTo("hello");
		assertThat(sample.getMaxConnections()).isEqualTo(5);
		assertThat(context.getBean(TestApp.Greeter.class).greeting()).isEqualTo("hello");
		assertThat(context.getBean(ChangeEvents.class).all()).isEmpty();
	}

}
