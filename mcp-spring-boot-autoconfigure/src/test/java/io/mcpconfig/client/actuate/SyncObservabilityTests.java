package io.mcpconfig.client.actuate;

import java.time.Instant;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.context.ConfigurableApplicationContext;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.protocol.v1.ConfigUpdate;

import static io.mcpconfig.client.TestConfigServer.eventually;
import static io.mcpconfig.client.TestConfigServer.unusedPort;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health, metrics and the {@code mcp} endpoint of a running application whose sync
 * session talks to a real gRPC config center.
 */
class SyncObservabilityTests {

	private static final Map<String, String> V1 = Map.of("sample.greeting", "hello");

	private TestConfigServer server = TestConfigServer.start();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void connectedInstanceIsUpFromRemoteWithItsServer() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run(this.server.address())) {
			eventually().until(() -> health(context).get("server").equals(this.server.address()));

			Map<String, Object> health = health(context);
			assertThat(health).containsEntry("source", ConfigSource.REMOTE)
				.containsEntry("app", TestApp.APP)
				.containsEntry("env", TestApp.ENV)
				.containsEntry("version", 1L)
				.containsEntry("checksum", ConfigChecksum.of(V1))
				.containsEntry("degraded", false)
				.doesNotContainKey("lastNack");
			assertThat(health.get("lastSync")).isInstanceOf(Instant.class);
		}
	}

	@Test
	void stoppedCenterLeavesTheInstanceUpButDegradedAndUnconnected() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run(this.server.address())) {
			eventually().until(() -> health(context).get("server").equals(this.server.address()));

			this.server.close();

			eventually().until(() -> health(context).get("server").equals("none"));
			Map<String, Object> health = health(context);
			assertThat(health).containsEntry("degraded", true)
				.containsEntry("source", ConfigSource.REMOTE)
				.containsEntry("version", 1L);
		}
	}

	@Test
	void instanceStartedWithoutCenterIsDegradedUntilTheCenterServesIt() {
		int port = unusedPort();
		try (ConfigurableApplicationContext context = run("127.0.0.1:" + port)) {
			Map<String, Object> empty = health(context);
			assertThat(empty).containsEntry("source", ConfigSource.EMPTY)
				.containsEntry("degraded", true)
				.containsEntry("server", "none")
				.containsEntry("lastSync", "never");

			this.server.close();
			this.server = TestConfigServer.startOn(port);
			this.server.setRelease(V1);

			eventually().until(() -> health(context).get("source") == ConfigSource.REMOTE);
			// The fixture echoes each heartbeat: two sent before the release was applied are
			// answered with the empty state after it, which the client takes for drift and
			// re-subscribes once; the health settles on the new stream.
			eventually().untilAsserted(() -> assertThat(health(context)).containsEntry("degraded", false)
				.containsEntry("server", this.server.address()));
		}
	}

	@Test
	void reopenedStreamCountsAReconnect() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run(this.server.address())) {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			eventually().until(() -> this.server.subscribes().size() == 1);
			assertThat(count(registry, McpClientMetrics.RECONNECTS)).isZero();

			this.server.breakStreams();

			eventually().until(() -> this.server.subscribes().size() == 2);
			eventually().until(() -> count(registry, McpClientMetrics.RECONNECTS) == 1);
			assertThat(context.getBean(SyncStatusTracker.class).status().reconnects()).isEqualTo(1);
			eventually().until(() -> health(context).get("server").equals(this.server.address()));
		}
	}

	@Test
	void appliedReleaseIsCountedAndItsLagRecorded() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run(this.server.address())) {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			eventually().until(() -> this.server.subscribes().size() == 1);
			assertThat(registry.get(McpClientMetrics.CONFIG_VERSION).gauge().value()).isEqualTo(1);

			ConfigUpdate update = this.server.publish(Map.of("sample.greeting", "hi"));

			eventually().until(() -> count(registry, McpClientMetrics.APPLIED) == 1);
			assertThat(registry.get(McpClientMetrics.APPLIED).tag("app", TestApp.APP).tag("env", TestApp.ENV)
				.functionCounter().count()).isEqualTo(1);
			assertThat(registry.get(McpClientMetrics.CONFIG_VERSION).gauge().value()).isEqualTo(update.getVersion());
			var lag = registry.get(McpClientMetrics.APPLY_LAG).timer();
			assertThat(lag.count()).isEqualTo(1);
			assertThat(lag.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(0)
				.isLessThan(5000);
			assertThat(registry.get(McpClientMetrics.SYNC_AGE).gauge().value()).isLessThan(5);
		}
	}

	@Test
	void checksumMismatchIsCountedAsARejectionWithItsReason() {
		this.server.setRelease(V1);
		try (ConfigurableApplicationContext context = run(this.server.address())) {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			eventually().until(() -> this.server.subscribes().size() == 1);
			ConfigUpdate corrupt = this.server.full(2, Map.of("sample.greeting", "corrupt"))
				.toBuilder()
				.setChecksum(ConfigChecksum.of(Map.of("sample.greeting", "something else")))
				.build();

			this.server.push(corrupt);

			eventually().until(() -> rejected(registry, "CHECKSUM_MISMATCH") == 1);
			assertThat(rejected(registry, "BASE_MISMATCH")).isZero();
			assertThat(rejected(registry, "APPLY_FAILED")).isZero();
			assertThat(count(registry, McpClientMetrics.APPLIED)).isZero();
			SyncStatus.Rejection nack = (SyncStatus.Rejection) health(context).get("lastNack");
			assertThat(nack.version()).isEqualTo(2);
			assertThat(nack.code()).isEqualTo("CHECKSUM_MISMATCH");
			assertThat(nack.reason()).contains("version 2");
		}
	}

	@Test
	void endpointMasksSecretLookingKeysAndShowsTheRest() {
		this.server.setRelease(Map.of("sample.greeting", "hello", "db.password", "pw", "api.token", "tk",
				"aws.secret-key", "sk", "server.ssl.key-store-type", "PKCS12"));
		try (ConfigurableApplicationContext context = run(this.server.address(), "--management.endpoint.mcp.show-values=always")) {
			eventually().until(() -> context.getBean(SyncStatusTracker.class).status().isConnected());

			McpEndpoint.McpDescriptor descriptor = context.getBean(McpEndpoint.class).mcp(SecurityContext.NONE);

			assertThat(descriptor.properties()).containsExactly(Map.entry("api.token", "******"),
					Map.entry("aws.secret-key", "******"), Map.entry("db.password", "******"),
					Map.entry("sample.greeting", "hello"), Map.entry("server.ssl.key-store-type", "PKCS12"));
			assertThat(descriptor.target().app()).isEqualTo(TestApp.APP);
			assertThat(descriptor.version()).isEqualTo(1);
			assertThat(descriptor.source()).isEqualTo(ConfigSource.REMOTE);
			assertThat(descriptor.server()).isEqualTo(this.server.address());
			assertThat(descriptor.degraded()).isFalse();
		}
	}

	@Test
	void endpointShowsNoValueByDefaultAsBootsEnvEndpoint() {
		this.server.setRelease(Map.of("sample.greeting", "hello", "db.password", "pw"));
		try (ConfigurableApplicationContext context = run(this.server.address())) {
			McpEndpoint.McpDescriptor descriptor = context.getBean(McpEndpoint.class).mcp(SecurityContext.NONE);

			assertThat(descriptor.properties()).containsExactly(Map.entry("db.password", "******"),
					Map.entry("sample.greeting", "******"));
		}
	}

	private static ConfigurableApplicationContext run(String serverAddresses, String... extraArgs) {
		String[] args = new String[extraArgs.length + 1];
		args[0] = "--management.endpoints.web.exposure.include=health,mcp";
		System.arraycopy(extraArgs, 0, args, 1, extraArgs.length);
		return TestApp.run(serverAddresses, args);
	}

	/** What the mcp health component shows; the Boot lines' indicators show it as UP. */
	private static Map<String, Object> health(ConfigurableApplicationContext context) {
		return context.getBean(McpHealth.class).details();
	}

	private static double count(MeterRegistry registry, String name) {
		return registry.get(name).functionCounter().count();
	}

	private static double rejected(MeterRegistry registry, String reason) {
		return registry.get(McpClientMetrics.REJECTED).tag("reason", reason).functionCounter().count();
	}

}
