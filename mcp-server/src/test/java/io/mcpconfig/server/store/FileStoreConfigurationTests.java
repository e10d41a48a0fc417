package io.mcpconfig.server.store;

import java.nio.file.Path;

import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.store.file.FileReleaseStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class FileStoreConfigurationTests {

	@TempDir
	Path dir;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class, FileStoreConfiguration.class);

	@Test
	void fileStoreIsTheDefault() {
		contextRunner.withPropertyValues("mcp.server.file.dir=" + dir).run((context) -> {
			assertThat(context).hasSingleBean(ReleaseStore.class);
			assertThat(context.getBean(ReleaseStore.class)).isInstanceOf(FileReleaseStore.class);
			assertThat(((FileReleaseStore) context.getBean(ReleaseStore.class)).dir()).isEqualTo(dir.toAbsolutePath());
		});
	}

	@Test
	void etcdStoreSelectionLeavesTheFileStoreOut() {
		contextRunner.withPropertyValues("mcp.server.store=etcd", "mcp.server.file.dir=" + dir)
			.run((context) -> assertThat(context).doesNotHaveBean(ReleaseStore.class)
				.doesNotHaveBean(ReleaseStoreHealthIndicator.class));
	}

	@Test
	void healthIsUpWithTypeAndDirectoryAndDownOnceClosed() {
		contextRunner.withPropertyValues("mcp.server.file.dir=" + dir).run((context) -> {
			ReleaseStoreHealthIndicator health = context.getBean(ReleaseStoreHealthIndicator.class);
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			assertThat(health.health().getDetails()).containsEntry("type", "file")
				.containsEntry("dir", dir.toAbsolutePath().toString());
			context.getBean(ReleaseStore.class).close();
			assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
		});
	}

	@Test
	void secondServerOnTheSameDirectoryFailsToStart() {
		contextRunner.withPropertyValues("mcp.server.file.dir=" + dir).run((first) -> contextRunner
			.withPropertyValues("mcp.server.file.dir=" + dir)
			.run((second) -> assertThat(second).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("is in use by another MCP server")));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(McpServerProperties.class)
	static class PropertiesConfiguration {

	}

}
