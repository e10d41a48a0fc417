package io.mcpconfig.client;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.mcpconfig.testsupport.protocol.ClientTiming;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class McpClientPropertiesTests {

	@Test
	void defaultsMatchTheDocumentedOnes() {
		McpClientProperties properties = bind(Map.of());
		assertThat(properties.isEnabled()).isTrue();
		assertThat(properties.getServerAddresses()).containsExactly("localhost:9090");
		assertThat(properties.getApp()).isNull();
		assertThat(properties.getEnv()).isEqualTo("default");
		assertThat(properties.getLabels()).isEmpty();
		assertThat(properties.getInstanceId()).startsWith(LocalInstance.HOST_NAME + "-");
		assertThat(properties.getToken()).isNull();
		assertThat(properties.getFallbackLocation()).isEqualTo("classpath:config-local.yaml");
		assertThat(properties.getSnapshotDir())
			.isEqualTo(Path.of(System.getProperty("user.home"), ".mcp", "snapshots"));
		assertThat(properties.isFailFast()).isFalse();
		assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofSeconds(1));
		assertThat(properties.getRequestTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(properties.getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
		assertThat(properties.getReconnect().getInitialBackoff()).isEqualTo(Duration.ofSeconds(1));
		assertThat(properties.getReconnect().getMaxBackoff()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.getLocalFile()).isNull();
		assertThat(properties.getSsl().getBundle()).isNull();
		assertThat(properties.getRefresh().isValueInjection()).isFalse();
	}

	@Test
	void theBenchmarksProtocolClientsBackOffAsTheStarterDoes() {
		McpClientProperties properties = new McpClientProperties();
		ClientTiming timing = ClientTiming.starterDefaults(properties.getHeartbeatInterval());
		assertThat(timing.initialBackoff()).isEqualTo(properties.getReconnect().getInitialBackoff());
		assertThat(timing.maxBackoff()).isEqualTo(properties.getReconnect().getMaxBackoff());
	}

	@Test
	void defaultInstanceIdIsStableForTheProcess() {
		assertThat(bind(Map.of()).getInstanceId()).isEqualTo(bind(Map.of()).getInstanceId())
			.isEqualTo(LocalInstance.DEFAULT_ID);
	}

	@Test
	void everySettingCanBeOverriddenInRelaxedForms() {
		McpClientProperties properties = bind(Map.ofEntries(Map.entry("mcp.client.enabled", "false"),
				Map.entry("mcp.client.server-addresses", "a:1,b:2"), Map.entry("mcp.client.app", "shop"),
				Map.entry("mcp.client.env", "prod"), Map.entry("mcp.client.labels.region", "us-west"),
				Map.entry("mcp.client.instance-id", "shop-1"), Map.entry("mcp.client.token", "secret"),
				Map.entry("mcp.client.fallback-location", "file:/etc/shop/local.yaml"),
				Map.entry("mcp.client.snapshot-dir", "/var/lib/shop"), Map.entry("mcp.client.fail-fast", "true"),
				Map.entry("mcp.client.connect-timeout", "2s"), Map.entry("mcp.client.request-timeout", "750ms"),
				Map.entry("mcp.client.heartbeat-interval", "10s"),
				Map.entry("mcp.client.reconnect.initial-backoff", "200ms"),
				Map.entry("mcp.client.reconnect.max-backoff", "1m"),
				Map.entry("mcp.client.local-file", "/etc/shop/config.yaml"),
				Map.entry("mcp.client.ssl.bundle", "mcp"),
				Map.entry("mcp.client.refresh.value-injection", "true")));
		assertThat(properties.isEnabled()).isFalse();
		assertThat(properties.getServerAddresses()).containsExactly("a:1", "b:2");
		assertThat(properties.getApp()).isEqualTo("shop");
		assertThat(properties.getEnv()).isEqualTo("prod");
		assertThat(properties.getLabels()).containsExactly(Map.entry("region", "us-west"));
		assertThat(properties.getInstanceId()).isEqualTo("shop-1");
		assertThat(properties.getToken()).isEqualTo("secret");
		assertThat(properties.getFallbackLocation()).isEqualTo("file:/etc/shop/local.yaml");
		assertThat(properties.getSnapshotDir()).isEqualTo(Path.of("/var/lib/shop"));
		assertThat(properties.isFailFast()).isTrue();
		assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.getRequestTimeout()).isEqualTo(Duration.ofMillis(750));
		assertThat(properties.getHeartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
		assertThat(properties.getReconnect().getInitialBackoff()).isEqualTo(Duration.ofMillis(200));
		assertThat(properties.getReconnect().getMaxBackoff()).isEqualTo(Duration.ofMinutes(1));
		assertThat(properties.getLocalFile()).isEqualTo(Path.of("/etc/shop/config.yaml"));
		assertThat(properties.getSsl().getBundle()).isEqualTo("mcp");
		assertThat(properties.getRefresh().isValueInjection()).isTrue();
	}

	@Test
	void serverAddressesBindFromAnIndexedList() {
		McpClientProperties properties = bind(
				Map.of("mcp.client.server-addresses[0]", "a:1", "mcp.client.server-addresses[1]", "b:2"));
		assertThat(properties.getServerAddresses()).isEqualTo(List.of("a:1", "b:2"));
	}

	private static McpClientProperties bind(Map<String, String> source) {
		return new Binder(new MapConfigurationPropertySource(source))
			.bind(McpClientProperties.PREFIX, McpClientProperties.class)
			.orElseGet(McpClientProperties::new);
	}

}
