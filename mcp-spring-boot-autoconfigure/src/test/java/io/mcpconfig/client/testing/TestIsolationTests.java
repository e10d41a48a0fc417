package io.mcpconfig.client.testing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.config.McpConfigClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's own {@code @SpringBootTest}, with the starter on the class path, a
 * config center configured and a snapshot of real configuration on disk: the client stays
 * off, so the test runs on the application's own configuration and reaches nothing.
 */
@DirtiesContext
@SpringBootTest(classes = TestApp.class,
		properties = { "spring.config.import=mcp:", "spring.application.name=" + TestApp.APP,
				"mcp.client.env=" + TestApp.ENV, "mcp.client.server-addresses=127.0.0.1:9",
				"mcp.client.snapshot-dir=" + SnapshotOnDisk.DIRECTORY, "mcp.client.fail-fast=true",
				"sample.greeting=from the test" })
class TestIsolationTests {

	@Autowired
	ConfigurableApplicationContext context;

	@BeforeAll
	static void realConfigurationOnDisk() {
		SnapshotOnDisk.write();
	}

	@Test
	void theClientIsOffAndTheTestRunsOnItsOwnConfiguration() {
		assertThat(this.context.getBeanNamesForType(McpConfigClient.class)).isEmpty();
		assertThat(this.context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from the test");
		assertThat(this.context.getEnvironment().getPropertySources().contains(TestIsolation.PROPERTY_SOURCE_NAME))
			.isTrue();
	}

}
