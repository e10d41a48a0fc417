package io.mcpconfig.client.testing;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.config.McpConfigClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's own {@code @SpringBootTest} that refreshes its context, as tests of
 * {@code @RefreshScope} beans do, with the import and a live center where a Spring Cloud
 * refresh keeps them (system properties here, like {@code application.yml}). The refresh
 * re-runs the config data over a copy of the environment without the test's switch that
 * keeps the client off: it still reaches no center and creates no client.
 */
@DirtiesContext
@SpringBootTest(classes = TestApp.class, properties = "sample.greeting=from the test")
class TestIsolationRefreshTests {

	private static TestConfigServer server;

	@Autowired
	ConfigurableApplicationContext context;

	@BeforeAll
	static void centerConfiguredOutsideTheTest() {
		server = TestConfigServer.start();
		server.setRelease(Map.of("sample.greeting", "from the center"));
		System.setProperty("spring.config.import", "mcp:");
		System.setProperty("spring.application.name", TestApp.APP);
		System.setProperty("mcp.client.env", TestApp.ENV);
		System.setProperty("mcp.client.server-addresses", server.address());
	}

	@AfterAll
	static void clear() {
		System.clearProperty("spring.config.import");
		System.clearProperty("spring.application.name");
		System.clearProperty("mcp.client.env");
		System.clearProperty("mcp.client.server-addresses");
		server.close();
	}

	@Test
	void aRefreshKeepsTheClientOff() {
		this.context.getBean(ContextRefresher.class).refresh();

		assertThat(server.fetchCount()).isZero();
		assertThat(this.context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from the test");
		assertThat(this.context.getBeanNamesForType(McpConfigClient.class)).isEmpty();
	}

}
