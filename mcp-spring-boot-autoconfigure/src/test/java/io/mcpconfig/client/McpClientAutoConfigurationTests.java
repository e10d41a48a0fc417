package io.mcpconfig.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.autoconfigure.ConfigurationPropertiesRebinderAutoConfiguration;
import org.springframework.cloud.autoconfigure.RefreshAutoConfiguration;
import org.springframework.cloud.context.scope.refresh.RefreshScope;
import org.springframework.context.ApplicationListener;

import io.mcpconfig.client.channel.ClientSslBundle;
import io.mcpconfig.client.channel.ClientTlsRenewal;
import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.listener.ConfigListenerMethods;
import io.mcpconfig.client.refresh.ChangedKeysRefresher;
import io.mcpconfig.client.refresh.ConfigApplier;
import io.mcpconfig.client.session.SyncSession;
import io.mcpconfig.client.value.ValueInjectionPoints;
import io.mcpconfig.client.value.ValueRefresher;
import io.mcpconfig.protocol.ConfigChecksum;
import io.mcpconfig.testsupport.tls.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;

class McpClientAutoConfigurationTests {

	private static final ConfigTarget TARGET = new ConfigTarget("shop", "test");

	private static final Log logger = LogFactory.getLog(McpClientAutoConfigurationTests.class);

	@TempDir
	Path snapshots;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(McpClientAutoConfiguration.class, RefreshAutoConfiguration.class,
				ConfigurationPropertiesRebinderAutoConfiguration.class));

	@Test
	void withoutAClientNothingIsCreated() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(SyncSession.class)
			.doesNotHaveBean(ConfigApplier.class)
			.doesNotHaveBean(ChangedKeysRefresher.class));
	}

	@Test
	void aClientGetsASessionAnApplierAndARefresher() {
		this.runner.withBean(McpConfigClient.class, this::client)
			.run((context) -> assertThat(context).hasSingleBean(SyncSession.class)
				.hasSingleBean(ConfigApplier.class)
				.hasSingleBean(ChangedKeysRefresher.class));
	}

	@Test
	void disabledCreatesNothingEvenWithAClient() {
		this.runner.withBean(McpConfigClient.class, this::client)
			.withPropertyValues("mcp.client.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SyncSession.class)
				.doesNotHaveBean(ConfigApplier.class)
				.doesNotHaveBean(ChangedKeysRefresher.class));
	}

	@Test
	void aClientCallsTheMcpConfigListeners() {
		this.runner.withBean(McpConfigClient.class, this::client)
			.run((context) -> assertThat(context).hasSingleBean(ConfigListenerMethods.class));
	}

	@Test
	void valueInjectionIsOffByDefault() {
		this.runner.withBean(McpConfigClient.class, this::client)
			.run((context) -> assertThat(context).doesNotHaveBean(ValueInjectionPoints.class)
				.doesNotHaveBean(ValueRefresher.class));
	}

	@Test
	void valueInjectionIsOffWhenSetToFalse() {
		this.runner.withBean(McpConfigClient.class, this::client)
			.withPropertyValues("mcp.client.refresh.value-injection=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ValueInjectionPoints.class)
				.doesNotHaveBean(ValueRefresher.class));
	}

	@Test
	void valueInjectionIsOnWhenSetToTrue() {
		this.runner.withBean(McpConfigClient.class, this::client)
			.withPropertyValues("mcp.client.refresh.value-injection=true")
			.run((context) -> assertThat(context).hasSingleBean(ValueInjectionPoints.class)
				.hasSingleBean(ValueRefresher.class));
	}

	@Test
	void valueInjectionNeedsNoSpringCloudContext() {
		this.runner.withBean(McpConfigClient.class, this::client)
			.withClassLoader(new FilteredClassLoader(RefreshScope.class))
			.withPropertyValues("mcp.client.refresh.value-injection=true")
			.run((context) -> assertThat(context).hasSingleBean(ValueRefresher.class)
				.doesNotHaveBean(ChangedKeysRefresher.class));
	}

	@Test
	void valueInjectionNeedsAClient() {
		this.runner.withPropertyValues("mcp.client.refresh.value-injection=true")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ValueInjectionPoints.class));
	}

	@Test
	void theSessionWaitsForTheApplicationToBeReady() {
		this.runner.withBean(McpConfigClient.class, this::client)
			.run((context) -> assertThat(context.getBean(SyncSession.class).isRunning()).isFalse());
	}

	@Test
	void withoutSpringCloudContextThereIsNoRefresherButTheSessionRemains() {
		this.runner.withBean(McpConfigClient.class, this::client)
			.withClassLoader(new FilteredClassLoader(RefreshScope.class))
			.run((context) -> assertThat(context).hasSingleBean(SyncSession.class)
				.hasSingleBean(ConfigApplier.class)
				.doesNotHaveBean(ChangedKeysRefresher.class));
	}

	@Test
	void withoutSpringCloudContextApplyingStillSwapsAndPublishesTheEvent() {
		this.runner.withBean(McpConfigClient.class, this::client)
			.withBean(Events.class)
			.withClassLoader(new FilteredClassLoader(RefreshScope.class))
			.run((context) -> {
				McpConfigClient client = context.getBean(McpConfigClient.class);
				Map<String, String> properties = Map.of("sample.greeting", "hi");
				HeldConfig next = new HeldConfig(TARGET, 1, ConfigChecksum.of(properties), properties,
						ConfigSource.REMOTE, Instant.EPOCH, Instant.now());
				context.getBean(ConfigApplier.class).apply(next);
				assertThat(client.propertySource().getProperty("sample.greeting")).isEqualTo("hi");
				assertThat(context.getBean(Events.class).received).singleElement()
					.satisfies((event) -> assertThat(event.changedKeys()).containsExactly("sample.greeting"));
			});
	}

	static class Events implements ApplicationListener<ConfigChangeEvent> {

		final List<ConfigChangeEvent> received = new CopyOnWriteArrayList<>();

		@Override
		public void onApplicationEvent(ConfigChangeEvent event) {
			this.received.add(event);
		}

	}

	@Test
	void aChannelOnAnSslBundleFollowsBootsRenewalsOfIt() throws IOException {
		TestCertificates ca = TestCertificates.authority(Files.createDirectories(this.snapshots.resolve("ca")), "CA");
		List<String> bundle = ca.pemBundle("mcp", ca.clientCertificate("instance"));
		Map<String, Object> settings = new HashMap<>();
		bundle.forEach((setting) -> settings.put(setting.substring(0, setting.indexOf('=')),
				setting.substring(setting.indexOf('=') + 1)));
		McpClientProperties properties = new McpClientProperties();
		properties.setSnapshotDir(this.snapshots);
		properties.setServerAddresses(List.of("localhost:9090"));
		try (McpConfigClient client = McpConfigClient.create(properties, TARGET,
				ClientSslBundle.bind("mcp", new Binder(new MapConfigurationPropertySource(settings))), logger)) {
			ApplicationContextRunner withTls = this.runner.withBean(McpConfigClient.class, () -> client)
				.withPropertyValues(bundle.toArray(String[]::new));
			withTls.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
				.withPropertyValues("mcp.client.ssl.bundle=mcp")
				.run((context) -> assertThat(context).hasSingleBean(ClientTlsRenewal.class));
			// no SslBundles: nothing to follow
			withTls.withPropertyValues("mcp.client.ssl.bundle=mcp")
				.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ClientTlsRenewal.class));
		}
	}

	/**
	 * The client decides, as it read its settings at the import: a blank bundle is a
	 * plaintext channel (an empty MCP_CLIENT_SSL_BUNDLE), and a release naming a bundle does
	 * not give a plaintext channel one.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "mcp.client.ssl.bundle=", "mcp.client.ssl.bundle=mcp" })
	void aPlaintextChannelHasNoRenewalWhateverTheEnvironmentSays(String setting) {
		this.runner.withBean(McpConfigClient.class, this::client)
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
			.withPropertyValues(setting)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ClientTlsRenewal.class));
	}

	private McpConfigClient client() {
		// Nothing connects: the channel is lazy and the session never starts here.
		McpClientProperties properties = new McpClientProperties();
		properties.setSnapshotDir(this.snapshots);
		return McpConfigClient.create(properties, TARGET);
	}

}
