package io.mcpconfig.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.mcpconfig.testsupport.center.McpServerProcess;
import io.mcpconfig.testsupport.chaos.ChaosSoak;
import io.mcpconfig.testsupport.chaos.SoakApp;
import io.mcpconfig.testsupport.chaos.SoakReport;
import io.mcpconfig.testsupport.chaos.SoakSettings;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import io.mcpconfig.testsupport.protocol.ClientTiming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The short chaos soak of issue 12 (the long one is {@code mcp-bench chaos}): three center
 * replicas on a three-member etcd, 150 lightweight protocol clients and two sample apps,
 * about four publishes a second through any live replica for 30 s, and every ~7 s a
 * {@code kill -9} of a replica or of an etcd member (at most one replica and one member
 * down at a time), each started
 * again 2 s later. Once the faults stop and everything settles, every rule of the soak's
 * checks must hold: no accepted publish lost, every client's versions strictly
 * increasing and each one published and durable, every client and app on the last release.
 */
class ChaosSoakEndToEndTests {

	@TempDir
	Path work;

	@Test
	@Timeout(value = 4, unit = TimeUnit.MINUTES)
	void killsOfReplicasAndEtcdMembersLoseNoReleaseAndLeaveEveryClientOnTheLast() throws Exception {
		assumeTrue(EtcdCluster.isInstalled(), "etcd is not installed");
		long seed = System.nanoTime();
		SoakSettings settings = new SoakSettings(Duration.ofSeconds(30), 3, 3, 150, 4, Duration.ofSeconds(7),
				Duration.ofSeconds(2), Duration.ofSeconds(45),
				new ClientTiming(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(2)),
				McpServerProcess.TEST_JVM_OPTIONS, false, seed);
		SoakReport report;
		try (ChaosSoak soak = ChaosSoak.start(settings, work, ChaosSoakEndToEndTests::sampleApp, System.out)) {
			report = soak.run();
		}
		System.out.println(report.text());
		assertThat(report.violations()).as("broken rules of the soak (seed %d)", seed).isEmpty();
		assertThat(report.kills().values().stream().mapToLong(Long::longValue).sum()).as("kills").isPositive();
		assertThat(report.accepted()).as("accepted publishes").isGreaterThan(30);
	}

	private static SoakApp sampleApp(String instanceId, String addresses, String token, String env, Path dir) {
		SampleAppUnderTest app = SampleAppUnderTest.start(addresses, token, dir.resolve("snapshots"),
				"--mcp.client.env=" + env, "--mcp.client.instance-id=" + instanceId);
		return new SoakApp() {

			@Override
			public String baseUrl() {
				return app.baseUrl();
			}

			@Override
			public void close() {
				app.close();
			}

		};
	}

}
