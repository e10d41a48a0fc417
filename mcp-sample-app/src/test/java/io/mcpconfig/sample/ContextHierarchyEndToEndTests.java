package io.mcpconfig.sample;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.mcpconfig.client.LocalInstance;
import io.mcpconfig.client.actuate.SyncStatusTracker;
import io.mcpconfig.testsupport.center.ConfigCenterClient;
import io.mcpconfig.testsupport.center.McpServerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app with a child context (built with {@code SpringApplicationBuilder.child}),
 * both importing {@code mcp:} for the same target, against the real center: each context
 * has a client and a session of its own, and the center holds one session per instance
 * id, so they must not share the process's default id (they replaced each other's session
 * every second), and the parent's {@code @McpConfigListener} hears of its own client's
 * changes only (Spring hands the child's events to the parent too).
 */
class ContextHierarchyEndToEndTests {

	private static final Duration DEADLINE = Duration.ofSeconds(15);

	@TempDir
	Path work;

	private McpServerProcess server;

	private ConfigurableApplicationContext child;

	@AfterEach
	void stop() {
		if (this.child != null) {
			this.child.close();
			((ConfigurableApplicationContext) this.child.getParent()).close();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void aParentAndAChildFollowTheCenterWithSessionsOfTheirOwnThatNeverReplaceEachOther() throws Exception {
		this.server = McpServerProcess.start(this.work.resolve("center"));
		ConfigCenterClient center = this.server.admin();
		center.publishYaml("mcp-sample-app", "dev", "sample.greeting: first\n");
		String token = center.createToken("hierarchy", "client", "mcp-sample-app", "dev");
		List<String> args = new ArrayList<>(List.of("--server.port=0",
				"--mcp.client.server-addresses=" + this.server.grpcAddress(), "--mcp.client.token=" + token,
				"--mcp.client.snapshot-dir=" + this.work.resolve("snapshots"), "--mcp.client.heartbeat-interval=500ms",
				"--mcp.client.reconnect.initial-backoff=100ms", "--mcp.client.reconnect.max-backoff=500ms"));
		this.child = new SpringApplicationBuilder(SampleApplication.class).child(ChildApp.class)
			.web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
		ConfigurableApplicationContext parent = (ConfigurableApplicationContext) this.child.getParent();

		await().atMost(DEADLINE).untilAsserted(() -> assertThat(instanceIds(center))
			.containsExactlyInAnyOrder(LocalInstance.DEFAULT_ID, LocalInstance.DEFAULT_ID + "-2"));
		center.publishYaml("mcp-sample-app", "dev", "sample.greeting: second\n");
		await().atMost(DEADLINE)
			.until(() -> "second".equals(parent.getEnvironment().getProperty("sample.greeting"))
					&& "second".equals(this.child.getEnvironment().getProperty("sample.greeting")));

		// several heartbeats, and neither session was replaced by the other's
		await().during(Duration.ofSeconds(3))
			.atMost(DEADLINE)
			.until(() -> reconnects(parent) == 0 && reconnects(this.child) == 0 && instanceIds(center).size() == 2);
		assertThat(parent.getBean(ReceivedChanges.class).listenerCalls()).singleElement()
			.satisfies((call) -> assertThat(call.newVersion()).isEqualTo(2));
	}

	private static long reconnects(ConfigurableApplicationContext context) {
		return context.getBean(SyncStatusTracker.class).status().reconnects();
	}

	private static List<String> instanceIds(ConfigCenterClient center) {
		List<String> ids = new ArrayList<>();
		for (JsonNode instance : center.get("/api/v1/configs/mcp-sample-app/dev/instances")) {
			ids.add(instance.get("instanceId").asText());
		}
		return ids;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class ChildApp {

	}

}
