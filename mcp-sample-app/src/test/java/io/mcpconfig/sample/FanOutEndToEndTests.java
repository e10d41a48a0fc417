package io.mcpconfig.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.client.McpClientProperties;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.refresh.ConfigApplier;
import io.mcpconfig.client.refresh.ConfigRefresher;
import io.mcpconfig.client.session.SyncSession;
import io.mcpconfig.client.validation.ChangeValidation;
import io.mcpconfig.client.validation.ConfigChangeValidator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.support.GenericApplicationContext;

import io.mcpconfig.testsupport.center.McpServerProcess;
import io.mcpconfig.testsupport.center.ConfigCenterClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many real clients (the starter's own client and session, without an application
 * around them) on one real center: a burst of publishes must leave every client on the
 * last release, byte for byte.
 */
class FanOutEndToEndTests {

	private static final int CLIENTS = 100;

	private static final int PUBLISHES = 50;

	private static final ConfigTarget TARGET = new ConfigTarget("fan-out", "dev");

	@TempDir
	Path work;

	private McpServerProcess server;

	private final List<McpConfigClient> clients = new ArrayList<>();

	private final List<SyncSession> sessions = new ArrayList<>();

	/** No beans to bind and no validators: these clients have no application around them. */
	private final GenericApplicationContext noApplication = new GenericApplicationContext();

	@AfterEach
	void stopAll() {
		sessions.forEach(SyncSession::stop);
		clients.forEach(McpConfigClient::close);
		noApplication.close();
		if (server != null) {
			server.stop();
		}
	}

	@Test
	void everyClientEndsOnTheLastOfABurstOfPublishes() throws Exception {
		server = McpServerProcess.start(work);
		noApplication.refresh();
		ChangeValidation noValidation = new ChangeValidation(noApplication,
				noApplication.getBeanProvider(ConfigChangeValidator.class));
		ConfigCenterClient center = server.admin();
		String token = center.createToken("fan-out", "client", TARGET.app(), TARGET.env());
		for (int i = 0; i < CLIENTS; i++) {
			McpConfigClient client = McpConfigClient.create(properties(i, token), TARGET);
			SyncSession session = new SyncSession(client, new ConfigApplier(client, (event) -> {
			}, noValidation, noApplication.getBeanProvider(ConfigRefresher.class)), List.of());
			clients.add(client);
			sessions.add(session);
			session.start();
		}
		// All subscribed before the burst, so the burst races live sessions, not subscriptions.
		await().atMost(Duration.ofSeconds(30))
			.until(() -> center.get("/api/v1/configs/fan-out/dev/instances").size() == CLIENTS);

		for (int i = 1; i <= PUBLISHES; i++) {
			center.publishYaml("fan-out", "dev", "burst:\n  step: " + i + "\n  payload: value-" + i + "\n");
		}

		JsonNode last = center.get("/api/v1/configs/fan-out/dev");
		assertThat(last.get("version").asLong()).isEqualTo(PUBLISHES);
		String checksum = last.get("checksum").asText();
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			for (McpConfigClient client : clients) {
				HeldConfig held = client.held();
				assertThat(held.version()).as(client.properties().getInstanceId()).isEqualTo(PUBLISHES);
				assertThat(held.checksum()).isEqualTo(checksum);
				assertThat(held.properties()).isEqualTo(Map.of("burst.step", "50", "burst.payload", "value-50"));
			}
		});
	}

	private McpClientProperties properties(int i, String token) {
		McpClientProperties properties = new McpClientProperties();
		properties.setToken(token);
		properties.setServerAddresses(List.of(server.grpcAddress()));
		properties.setApp(TARGET.app());
		properties.setEnv(TARGET.env());
		properties.setInstanceId("fan-out-" + i);
		properties.setHeartbeatInterval(Duration.ofSeconds(2));
		properties.setSnapshotDir(work.resolve("snapshots"));
		return properties;
	}

}
