package io.mcpconfig.client.local;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

import io.mcpconfig.client.McpClientAutoConfiguration;
import io.mcpconfig.client.McpClientProperties;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.refresh.ConfigApplier;
import io.mcpconfig.client.session.SyncSession;

import static org.assertj.core.api.Assertions.assertThat;

class LocalFileAutoConfigurationTests {

	private static final ConfigTarget TARGET = new ConfigTarget("shop", "test");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(McpClientAutoConfiguration.class, LocalFileAutoConfiguration.class));

	@TempDir
	Path directory;

	@Test
	void clientOfALocalFileGetsAWatcherAndNoSyncSession() {
		this.runner.withInitializer(registered(this.directory.resolve("config.yaml")))
			.run((context) -> assertThat(context).hasSingleBean(LocalFileWatcher.class)
				.hasSingleBean(ConfigApplier.class)
				.doesNotHaveBean(SyncSession.class));
	}

	@Test
	void clientOfAConfigCenterGetsASyncSessionAndNoWatcher() {
		this.runner.withInitializer(registered(null))
			.run((context) -> assertThat(context).hasSingleBean(SyncSession.class)
				.doesNotHaveBean(LocalFileWatcher.class));
	}

	@Test
	void aLocalFileInTheEnvironmentDoesNotChooseTheModeTheClientDoes() {
		this.runner.withInitializer(registered(null))
			.withPropertyValues("mcp.client.local-file=" + this.directory.resolve("config.yaml"))
			.run((context) -> assertThat(context).hasSingleBean(SyncSession.class)
				.doesNotHaveBean(LocalFileWatcher.class));
	}

	@Test
	void theWatcherWaitsForTheApplicationToBeReady() {
		this.runner.withInitializer(registered(this.directory.resolve("config.yaml")))
			.run((context) -> assertThat(context.getBean(LocalFileWatcher.class).isRunning()).isFalse());
	}

	@Test
	void withoutAClientThereIsNoWatcher() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LocalFileWatcher.class));
	}

	/** The client as the {@code mcp:} import hands it over: a singleton closed with the context. */
	private ApplicationContextInitializer<ConfigurableApplicationContext> registered(Path localFile) {
		McpClientProperties properties = new McpClientProperties();
		properties.setLocalFile(localFile);
		properties.setSnapshotDir(this.directory.resolve("snapshots"));
		return (context) -> {
			McpConfigClient client = McpConfigClient.create(properties, TARGET);
			DefaultListableBeanFactory beanFactory = (DefaultListableBeanFactory) context.getBeanFactory();
			beanFactory.registerSingleton("mcpConfigClient", client);
			beanFactory.registerDisposableBean("mcpConfigClient", client::close);
		};
	}

}
