package io.mcpconfig.client.boot4;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.mcpconfig.client.McpClientAutoConfiguration;
import io.mcpconfig.client.McpClientProperties;
import io.mcpconfig.client.actuate.McpClientActuatorAutoConfiguration;
import io.mcpconfig.client.actuate.McpClientMetrics;
import io.mcpconfig.client.actuate.McpEndpoint;
import io.mcpconfig.client.actuate.SyncStatusTracker;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.McpConfigClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The observability auto-configurations on Boot 4: the line-neutral tracker and endpoint,
 * and this line's health indicator and meters.
 */
class Boot4ActuatorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(McpClientAutoConfiguration.class,
				McpClientActuatorAutoConfiguration.class, Boot4HealthAutoConfiguration.class,
				Boot4MetricsAutoConfiguration.class, EndpointAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
				HealthEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=health,mcp");

	private final ApplicationContextRunner withClient = this.runner.withBean(McpConfigClient.class,
			Boot4ActuatorAutoConfigurationTests::client);

	@Test
	void withoutAClientNothingIsCreated() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(SyncStatusTracker.class)
			.doesNotHaveBean(McpHealthIndicator.class)
			.doesNotHaveBean(McpEndpoint.class));
	}

	@Test
	void disabledClientCreatesNothing() {
		this.withClient.withPropertyValues("mcp.client.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(SyncStatusTracker.class)
				.doesNotHaveBean(McpHealthIndicator.class)
				.doesNotHaveBean(McpEndpoint.class));
	}

	@Test
	void withActuatorTheClientGetsTheMcpHealthComponentAndEndpoint() {
		this.withClient.run((context) -> {
			assertThat(context).hasSingleBean(SyncStatusTracker.class)
				.hasSingleBean(McpHealthIndicator.class)
				.hasSingleBean(McpEndpoint.class);
			assertThat(context.getBean(HealthContributorRegistry.class).getContributor("mcp"))
				.isInstanceOf(McpHealthIndicator.class);
		});
	}

	@Test
	void withoutActuatorThereIsOnlyTheTracker() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(McpClientAutoConfiguration.class, McpClientActuatorAutoConfiguration.class,
							Boot4HealthAutoConfiguration.class, Boot4MetricsAutoConfiguration.class))
			.withBean(McpConfigClient.class, Boot4ActuatorAutoConfigurationTests::client)
			.withBean(SimpleMeterRegistry.class)
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health",
					"org.springframework.boot.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(SyncStatusTracker.class)
				.doesNotHaveBean(McpClientMetrics.class)
				.doesNotHaveBean(McpHealthIndicator.class)
				.doesNotHaveBean(McpEndpoint.class));
	}

	@Test
	void withoutTheHealthApiThereIsNoHealthIndicator() {
		this.withClient.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(McpHealthIndicator.class));
	}

	@Test
	void healthIndicatorCanBeDisabled() {
		this.withClient.withPropertyValues("management.health.mcp.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(McpHealthIndicator.class)
				.hasSingleBean(McpEndpoint.class));
	}

	@Test
	void endpointThatIsNotExposedIsNotCreated() {
		this.withClient.withPropertyValues("management.endpoints.web.exposure.include=health")
			.run((context) -> assertThat(context).doesNotHaveBean(McpEndpoint.class)
				.hasSingleBean(McpHealthIndicator.class));
	}

	@Test
	void endpointWithoutAccessIsNotCreated() {
		this.withClient.withPropertyValues("management.endpoint.mcp.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(McpEndpoint.class));
	}

	@Test
	void withoutAMeterRegistryThereIsNoMeterBinder() {
		this.withClient.run((context) -> assertThat(context).doesNotHaveBean(McpClientMetrics.class));
	}

	@Test
	void withoutMicrometerThereIsNoMeterBinderButHealthAndEndpointRemain() {
		this.withClient.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(McpClientMetrics.class)
				.hasSingleBean(McpHealthIndicator.class)
				.hasSingleBean(McpEndpoint.class));
	}

	@Test
	void meterRegistryGetsTheClientMetersTaggedWithTheTarget() {
		this.withClient
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(McpClientMetrics.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get(McpClientMetrics.CONFIG_VERSION).tag("app", "shop").tag("env", "test").gauge()
					.value()).isZero();
				assertThat(registry.get(McpClientMetrics.APPLIED).functionCounter().count()).isZero();
				assertThat(registry.get(McpClientMetrics.REJECTED).functionCounters())
					.extracting((counter) -> counter.getId().getTag("reason"))
					.containsExactlyInAnyOrder("APPLY_FAILED", "CHECKSUM_MISMATCH", "BASE_MISMATCH");
				assertThat(registry.get(McpClientMetrics.RECONNECTS).functionCounter().count()).isZero();
				assertThat(registry.get(McpClientMetrics.SYNC_AGE).gauge().value()).isGreaterThanOrEqualTo(0);
				assertThat(registry.get(McpClientMetrics.APPLY_LAG).timer().count()).isZero();
			});
	}

	@Test
	void userHealthIndicatorNamedMcpWins() {
		this.withClient.withBean("mcpHealthIndicator", HealthIndicator.class, () -> () -> null)
			.run((context) -> assertThat(context).doesNotHaveBean(McpHealthIndicator.class));
	}

	private static McpConfigClient client() {
		// Nothing connects: the channel is lazy and the session never starts here.
		return McpConfigClient.create(new McpClientProperties(), new ConfigTarget("shop", "test"));
	}

}
