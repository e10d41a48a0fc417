package io.mcpconfig.client.testing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.McpConfigClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @SpringBootTest} that switches the client on gets it, as an application does:
 * here, with no config center answering, it starts from the snapshot.
 */
@DirtiesContext
@SpringBootTest(classes = TestApp.class,
		properties = { "mcp.client.enabled=true", "spring.config.import=mcp:",
				"spring.application.name=" + TestApp.APP, "mcp.client.env=" + TestApp.ENV,
				"mcp.client.server-addresses=127.0.0.1:9", "mcp.client.request-timeout=1s",
				"mcp.client.snapshot-dir=" + SnapshotOnDisk.DIRECTORY })
class TestIsolationOptInTests {

	@Autowired
	ConfigurableApplicationContext context;

	@BeforeAll
	static void realConfigurationOnDisk() {
		SnapshotOnDisk.write();
	}

	@Test
	void theClientIsOnWhenTheTestSaysSo() {
		McpConfigClient client = this.context.getBean(McpConfigClient.class);
		assertThat(client.held().source()).isEqualTo(ConfigSource.SNAPSHOT);
		assertThat(this.context.getEnvironment().getProperty("sample.greeting")).isEqualTo(SnapshotOnDisk.GREETING);
		assertThat(this.context.getEnvironment().getPropertySources().contains(TestIsolation.PROPERTY_SOURCE_NAME))
			.isFalse();
	}

}
