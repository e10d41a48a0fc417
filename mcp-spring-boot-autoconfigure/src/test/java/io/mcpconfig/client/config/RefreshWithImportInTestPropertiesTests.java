package io.mcpconfig.client.config;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test that turns the client on and supplies the import itself, then refreshes: the
 * refresh's copy of the environment has neither (a test's properties are not copied), so
 * the import check must not take it for an application that forgot its import, and the
 * client keeps serving what it holds without another fetch.
 */
@DirtiesContext
@SpringBootTest(classes = TestApp.class,
		properties = { "mcp.client.enabled=true", "spring.config.import=mcp:", "spring.application.name=" + TestApp.APP,
				"mcp.client.env=" + TestApp.ENV, "mcp.client.server-addresses=${test.center.address}",
				"mcp.client.snapshot-dir=target/test-snapshots/refresh-in-test-properties" })
class RefreshWithImportInTestPropertiesTests {

	private static TestConfigServer server;

	@Autowired
	ConfigurableApplicationContext context;

	@BeforeAll
	static void center() {
		server = TestConfigServer.start();
		server.setRelease(Map.of("sample.greeting", "from the center"));
		// where the test's properties find it: a refresh keeps system properties
		System.setProperty("test.center.address", server.address());
	}

	@AfterAll
	static void stop() {
		System.clearProperty("test.center.address");
		server.close();
	}

	@Test
	void aRefreshServesTheHeldConfiguration() {
		McpConfigClient client = this.context.getBean(McpConfigClient.class);

		this.context.getBean(ContextRefresher.class).refresh();

		assertThat(server.fetchCount()).isEqualTo(1);
		assertThat(this.context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from the center");
		assertThat(this.context.getEnvironment().getPropertySources().get(TestApp.SOURCE_NAME))
			.isSameAs(client.propertySource());
	}

}
