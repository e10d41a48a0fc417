package io.mcpconfig.server.cluster;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.maintenance.AlarmMember;
import io.etcd.jetcd.options.DeleteOption;
import io.mcpconfig.protocol.v1.ConfigSnapshot;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * etcd runs out of its space quota under a running replica (its {@code NOSPACE} alarm):
 * every publish is refused whole, with what to do, every read still served, and health
 * stays UP (the replica still serves its clients) with the alarm as a detail to alert on.
 * Once an operator has freed space and disarmed the alarm, publishing works again with no
 * restart.
 */
class EtcdSpaceQuotaTests {

	// 2 MiB: filled by about twenty values of 100 KB
	@RegisterExtension
	static EtcdCluster etcd = EtcdCluster.singleMember().withFlags("--quota-backend-bytes=2097152");

	private static final ByteSequence FILLER = bytes("/filler/");

	private final String prefix = "/mcp-test-" + UUID.randomUUID() + "/";

	private ServerReplica replica;

	@AfterEach
	void stop() throws Exception {
		if (this.replica != null) {
			this.replica.close();
		}
	}

	@Test
	void aFullEtcdRefusesPublishesClearlyKeepsServingAndRecoversOnceDisarmed() throws Exception {
		this.replica = ServerReplica.start("replica-a", etcd.clientEndpoints(), this.prefix,
				"mcp.server.etcd.timeout=3s");
		assertThat(this.replica.publish("full", "dev", Map.of("a", "1")).statusCode()).isEqualTo(201);

		try (Client operator = etcd.newClient()) {
			fillUntilRefused(operator);

			HttpResponse<String> refused = this.replica.publish("full", "dev", Map.of("a", "2"));
			assertThat(refused.statusCode()).isEqualTo(503);
			assertThat(ServerReplica.json(refused).get("error").asText())
				.startsWith("the release store is unavailable, nothing was stored: etcd ")
				.contains("database space exceeded", "NOSPACE alarm raised", "docs/operations.md");
			// reads go on: the replica still serves its clients
			ConfigSnapshot served = this.replica.fetch("full", "dev");
			assertThat(served.getVersion()).isEqualTo(1);
			assertThat(served.getPropertiesMap()).isEqualTo(Map.of("a", "1"));
			// listed in the background, at most every ten seconds
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
				HttpResponse<String> health = this.replica.get("/actuator/health");
				assertThat(health.statusCode()).isEqualTo(200);
				JsonNode store = ServerReplica.json(health).get("components").get("etcdStore");
				assertThat(store.get("status").asText()).isEqualTo("UP");
				assertThat(store.get("details").get("alarms")).singleElement()
					.satisfies((alarm) -> assertThat(alarm.asText()).matches("NOSPACE on member [0-9a-f]+"));
			});
			assertThat(ServerReplica.json(this.replica.get("/api/v1/configs/full/dev/releases")))
				.singleElement()
				.satisfies((release) -> assertThat(release.get("version").asLong()).isEqualTo(1));

			freeSpaceAndDisarm(operator);
		}

		// listed again within ten seconds; no restart
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			JsonNode store = ServerReplica.json(this.replica.get("/actuator/health")).get("components").get("etcdStore");
			assertThat(store.get("status").asText()).isEqualTo("UP");
			assertThat(store.get("details").has("alarms")).isFalse();
		});
		assertThat(this.replica.publish("full", "dev", Map.of("a", "2")).statusCode()).isEqualTo(200);
		assertThat(this.replica.fetch("full", "dev").getVersion()).isEqualTo(2);
	}

	/** Writes values of 100 KB beside the center's keys until etcd refuses one for its quota. */
	private static void fillUntilRefused(Client operator) throws Exception {
		ByteSequence value = ByteSequence.from(new byte[100_000]);
		for (int i = 0; i < 100; i++) {
			try {
				operator.getKVClient().put(bytes("/filler/" + i), value).get(5, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				assertThat(ex.getCause()).hasMessageContaining("database space exceeded");
				return;
			}
		}
		throw new AssertionError("etcd took 100 values of 100 KB within a quota of 2 MiB");
	}

	/** What operations.md tells an operator to do: delete, compact, defragment, disarm. */
	private static void freeSpaceAndDisarm(Client operator) throws Exception {
		long revision = operator.getKVClient()
			.delete(FILLER, DeleteOption.builder().isPrefix(true).build())
			.get(5, TimeUnit.SECONDS)
			.getHeader()
			.getRevision();
		operator.getKVClient().compact(revision).get(5, TimeUnit.SECONDS);
		operator.getMaintenanceClient().defragmentMember(etcd.clientEndpoint(0)).get(10, TimeUnit.SECONDS);
		for (AlarmMember alarm : operator.getMaintenanceClient().listAlarms().get(5, TimeUnit.SECONDS).getAlarms()) {
			operator.getMaintenanceClient().alarmDisarm(alarm).get(5, TimeUnit.SECONDS);
		}
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

}
