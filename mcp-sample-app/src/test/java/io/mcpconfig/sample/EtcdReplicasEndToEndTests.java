package io.mcpconfig.sample;

import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.mcpconfig.testsupport.center.McpServerProcess;
import io.mcpconfig.testsupport.center.ConfigCenterClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The center outgrows one machine: two real center processes on one real etcd serve the
 * sample app, which lists both. A publish through either reaches it, either lists it, and
 * when the replica it is connected to dies it carries on with the other.
 */
class EtcdReplicasEndToEndTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	@RegisterExtension
	static EtcdCluster etcd = EtcdCluster.singleMember();

	@TempDir
	Path work;

	private McpServerProcess replicaA;

	private McpServerProcess replicaB;

	private SampleAppUnderTest app;

	@AfterEach
	void stopAll() {
		if (app != null) {
			app.close();
		}
		for (McpServerProcess replica : new McpServerProcess[] { replicaA, replicaB }) {
			if (replica != null) {
				replica.stop();
			}
		}
	}

	@Test
	void replicasOnOneEtcdServeOneClientThroughTheDeathOfOne() throws Exception {
		replicaA = startReplica("replica-a");
		replicaB = startReplica("replica-b");
		ConfigCenterClient viaA = replicaA.admin();
		ConfigCenterClient viaB = replicaB.admin();
		// kept in etcd: B accepts it too once it has read the tokens again
		String token = viaA.createToken("sample-app", "client", "mcp-sample-app", "dev");

		viaB.publishYaml("mcp-sample-app", "dev", "sample.greeting: published through B\n");
		app = SampleAppUnderTest.start(replicaA.grpcAddress() + "," + replicaB.grpcAddress(), token,
				work.resolve("snapshots"));
		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("published through B"));

		viaA.publishYaml("mcp-sample-app", "dev", "sample.greeting: published through A\n");
		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("published through A"));
		// B lists the instance that A serves: the registry is the cluster's.
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode instance = viaB.get("/api/v1/configs/mcp-sample-app/dev/instances").get(0);
			assertThat(instance.get("serverId").asText()).isEqualTo("replica-a");
		});

		replicaA.kill();
		viaB.publishYaml("mcp-sample-app", "dev", "sample.greeting: A is gone\n");
		await().atMost(DEADLINE).until(() -> app.text("/greeting").equals("A is gone"));
		await().atMost(DEADLINE).untilAsserted(() -> {
			JsonNode instances = viaB.get("/api/v1/configs/mcp-sample-app/dev/instances");
			assertThat(instances).hasSize(1);
			assertThat(instances.get(0).get("serverId").asText()).isEqualTo("replica-b");
		});
	}

	private McpServerProcess startReplica(String id) throws Exception {
		return McpServerProcess.start(work.resolve(id), "--mcp.server.store=etcd",
				"--mcp.server.etcd.endpoints=" + String.join(",", etcd.clientEndpoints()), "--mcp.server.id=" + id,
				"--mcp.server.etcd.lease-ttl=3s");
	}

}
