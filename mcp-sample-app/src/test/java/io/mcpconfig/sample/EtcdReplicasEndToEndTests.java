package io.mcpconfig.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import io.mcpconfig.testsupport.etcd.TcpProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.mcpconfig.client.actuate.SyncStatusTracker;
import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.testsupport.center.McpServerProcess;
import io.mcpconfig.testsupport.center.ConfigCenterClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The center outgrows one machine: two real center processes on one real etcd serve the
 * sample app, which lists both. The first listed is cut off from etcd when the app starts:
 * it answers UNAVAILABLE over a connection that stays up, and the app starts on the
 * other's configuration. A publish through either reaches it, either lists it, when the
 * replica it is connected to dies it carries on with the other, and when that one loses
 * etcd under it, it moves back to the first, never staying on a release it cannot know
 * is current. An app that lists only one replica stays with it through the replica's loss
 * of etcd, degraded meanwhile, and is pushed what it missed on the same session.
 */
class EtcdReplicasEndToEndTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	@RegisterExtension
	static EtcdCluster etcd = EtcdCluster.singleMember();

	@TempDir
	Path work;

	// each test's own keys in the one etcd
	private final String prefix = "/mcp-e2e-" + UUID.randomUUID() + "/";

	private TcpProxy aToEtcd;

	private McpServerProcess replicaA;

	private McpServerProcess replicaB;

	private SampleAppUnderTest app;

	@AfterEach
	void stopAll() throws Exception {
		if (app != null) {
			app.close();
		}
		for (McpServerProcess replica : new McpServerProcess[] { replicaA, replicaB }) {
			if (replica != null) {
				replica.stop();
			}
		}
		if (aToEtcd != null) {
			aToEtcd.close();
		}
	}

	@Test
	void replicasOnOneEtcdServeOneClientThroughTheLossOfEtcdByOneAndTheDeathOfTheOther() throws Exception {
		String token = startReplicasAndCreateToken();
		ConfigCenterClient viaA = replicaA.admin();
		ConfigCenterClient viaB = replicaB.admin();
		viaB.publishYaml("mcp-sample-app", "dev", "sample.greeting: published through B\n");

		aToEtcd.cut();
		await().atMost(DEADLINE).until(() -> viaA.tryGet("/actuator/health").status() == 503);
		app = SampleAppUnderTest.start(replicaA.grpcAddress() + "," + replicaB.grpcAddress(), token,
				work.resolve("snapshots"));
		// served by B at start-up: no snapshot to fall back on, and no waiting for the session
		assertThat(app.context().getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.REMOTE);
		assertThat(app.text("/greeting")).isEqualTo("published through B");
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode instance = viaB.get("/api/v1/configs/mcp-sample-app/dev/instances").get(0);
			assertThat(instance.get("serverId").asText()).isEqualTo("replica-b");
		});

		aToEtcd.restore();
		await().atMost(DEADLINE).until(() -> viaA.tryGet("/actuator/health").status() == 200);
		viaA.publishYaml("mcp-sample-app", "dev", "sample.greeting: published through A\n");
		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("published through A"));
		// A lists the instance that B serves: the registry is the cluster's.
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode instance = viaA.get("/api/v1/configs/mcp-sample-app/dev/instances").get(0);
			assertThat(instance.get("serverId").asText()).isEqualTo("replica-b");
		});

		replicaB.kill();
		viaA.publishYaml("mcp-sample-app", "dev", "sample.greeting: B is gone\n");
		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("B is gone"));
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode instances = viaA.get("/api/v1/configs/mcp-sample-app/dev/instances");
			assertThat(instances).hasSize(1);
			assertThat(instances.get(0).get("serverId").asText()).isEqualTo("replica-a");
		});

		// B is back and A loses etcd under the app: A cannot vouch for what the app holds, so
		// it answers its heartbeats that its store is unavailable, and the app moves to B and
		// takes what B publishes
		replicaB.start();
		aToEtcd.cut();
		viaB.publishYaml("mcp-sample-app", "dev", "sample.greeting: A is cut off\n");
		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("A is cut off"));
		assertThat(app.json("/actuator/health").get("components").get("mcp").get("details").get("server").asText())
			.isEqualTo(replicaB.grpcAddress());
	}

	@Test
	void anAppThatListsOneReplicaKeepsItsSessionThroughThatReplicasLossOfEtcdAndIsPushedWhatItMissed()
			throws Exception {
		String token = startReplicasAndCreateToken();
		ConfigCenterClient viaA = replicaA.admin();
		ConfigCenterClient viaB = replicaB.admin();
		viaA.publishYaml("mcp-sample-app", "dev", "sample.greeting: before the cut\n");
		app = SampleAppUnderTest.start(replicaA.grpcAddress(), token, work.resolve("snapshots"));
		assertThat(app.text("/greeting")).isEqualTo("before the cut");
		await().atMost(DEADLINE).until(() -> !mcpHealth().get("degraded").asBoolean());

		aToEtcd.cut();
		viaB.publishYaml("mcp-sample-app", "dev", "sample.greeting: published while A was cut off\n");

		// A cannot vouch for version 1 any more: the app says so, on the session it keeps
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode mcp = mcpHealth();
			assertThat(mcp.get("degraded").asBoolean()).isTrue();
			assertThat(mcp.get("unconfirmed").get("reason").asText())
				.isEqualTo("center replica-a cannot reach its store");
			assertThat(mcp.get("server").asText()).isEqualTo(replicaA.grpcAddress());
		});
		assertThat(app.text("/greeting")).isEqualTo("before the cut");

		aToEtcd.restore();

		// pushed on the same session as soon as A's watch resumes: no reconnect, no storm
		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("published while A was cut off"));
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode mcp = mcpHealth();
			assertThat(mcp.get("degraded").asBoolean()).isFalse();
			assertThat(mcp.has("unconfirmed")).isFalse();
		});
		assertThat(app.context().getBean(SyncStatusTracker.class).status().reconnects()).isZero();
	}

	/**
	 * Starts A, which reaches etcd through {@link #aToEtcd}, and B, and creates the app's
	 * token through A.
	 * @return the token: kept in etcd, so B accepts it too once it has read the tokens
	 * again, and A keeps it while cut off
	 */
	private String startReplicasAndCreateToken() throws Exception {
		aToEtcd = TcpProxy.to(etcd.clientPort(0));
		replicaA = startReplica("replica-a", aToEtcd.endpoint());
		replicaB = startReplica("replica-b", String.join(",", etcd.clientEndpoints()));
		return replicaA.admin().createToken("sample-app", "client", "mcp-sample-app", "dev");
	}

	private JsonNode mcpHealth() {
		return app.json("/actuator/health").get("components").get("mcp").get("details");
	}

	private McpServerProcess startReplica(String id, String etcdEndpoints) throws Exception {
		return McpServerProcess.start(work.resolve(id), "--mcp.server.store=etcd",
				"--mcp.server.etcd.endpoints=" + etcdEndpoints, "--mcp.server.etcd.prefix=" + prefix,
				"--mcp.server.id=" + id,
				"--mcp.server.etcd.lease-ttl=3s");
	}

}
