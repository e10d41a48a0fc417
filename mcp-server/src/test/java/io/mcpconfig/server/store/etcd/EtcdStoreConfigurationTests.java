package io.mcpconfig.server.store.etcd;

import java.util.List;

import io.mcpconfig.server.McpServerProperties;
import io.mcpconfig.server.ServerId;
import io.mcpconfig.server.instance.InstanceRegistry;
import io.mcpconfig.server.instance.InstanceRegistryAutoConfiguration;
import io.mcpconfig.server.instance.LocalInstanceRegistry;
import io.mcpconfig.server.store.ReleaseStore;
import io.mcpconfig.testsupport.etcd.EtcdCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** Which beans {@link EtcdStoreConfiguration} contributes, and from which settings. */
class EtcdStoreConfigurationTests {

	@RegisterExtension
	static EtcdCluster etcd = EtcdCluster.singleMember();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(ServerProperties.class, EtcdStoreConfiguration.class)
		.withConfiguration(AutoConfigurations.of(InstanceRegistryAutoConfiguration.class));

	@Test
	void storeEtcdDefinesTheEtcdStoreAndAHealthIndicatorThatIsUp() {
		this.contextRunner
			.withPropertyValues("mcp.server.store=etcd",
					"mcp.server.etcd.endpoints=" + String.join(",", etcd.clientEndpoints()),
					"mcp.server.etcd.prefix=/mcp-config-test/")
			.run((context) -> {
				assertThat(context).hasSingleBean(ReleaseStore.class).hasSingleBean(EtcdReleaseStore.class);
				assertThat(context.getBean(EtcdReleaseStore.class).prefix()).isEqualTo("/mcp-config-test/");
				Health health = context.getBean("etcdStoreHealthIndicator", EtcdStoreHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("endpoints", etcd.clientEndpoints())
					.containsEntry("prefix", "/mcp-config-test/");
			});
	}

	@Test
	void storeEtcdReplacesTheLocalInstanceRegistryWithTheClusterWideOne() {
		this.contextRunner
			.withPropertyValues("mcp.server.store=etcd",
					"mcp.server.etcd.endpoints=" + String.join(",", etcd.clientEndpoints()))
			.run((context) -> assertThat(context).hasSingleBean(InstanceRegistry.class)
				.hasSingleBean(EtcdInstanceRegistry.class)
				.doesNotHaveBean(LocalInstanceRegistry.class));
	}

	@Test
	void theDefaultFileStoreSettingDefinesNoEtcdBeans() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(EtcdReleaseStore.class)
			.doesNotHaveBean(EtcdStoreHealthIndicator.class)
			.doesNotHaveBean(EtcdInstanceRegistry.class)
			.hasSingleBean(LocalInstanceRegistry.class));
	}

	@Test
	void leaseTtlBelowOneSecondFailsStartupWithTheSettingName() {
		this.contextRunner
			.withPropertyValues("mcp.server.store=etcd",
					"mcp.server.etcd.endpoints=" + String.join(",", etcd.clientEndpoints()),
					"mcp.server.etcd.lease-ttl=500ms")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining("'etcd.leaseTtl': rejected value [PT0.5S]")
				.hasMessageContaining("must be longer than or equal to 1 second"));
	}

	@Test
	void aPrefixWithoutTrailingSlashGetsOne() {
		this.contextRunner
			.withPropertyValues("mcp.server.store=etcd",
					"mcp.server.etcd.endpoints=" + String.join(",", etcd.clientEndpoints()),
					"mcp.server.etcd.prefix=/configs")
			.run((context) -> assertThat(context.getBean(EtcdReleaseStore.class).prefix()).isEqualTo("/configs/"));
	}

	@Test
	void maxHistoryBelowOneFailsStartupWithTheSettingName() {
		this.contextRunner.withPropertyValues("mcp.server.store=etcd", "mcp.server.max-history=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(BindValidationException.class)
				.hasMessageContaining("'maxHistory': rejected value [0]")
				.hasMessageContaining("must be greater than 0"));
	}

	@Test
	void anEndpointThatIsNotAnHttpUrlFailsStartupNamingSettingAndValue() {
		this.contextRunner.withPropertyValues("mcp.server.store=etcd", "mcp.server.etcd.endpoints=127.0.0.1:2379")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining(
						"mcp.server.etcd.endpoints: '127.0.0.1:2379' is not an etcd client URL (http://host:port)"));
	}

	@Test
	void aTlsEndpointFailsStartupWithAReportNamingItAndWhatToSet() {
		this.contextRunner.withPropertyValues("mcp.server.store=etcd", "mcp.server.etcd.endpoints=https://127.0.0.1:2379")
			.run((context) -> {
				assertThat(context).hasFailed();
				// what Boot prints as APPLICATION FAILED TO START, instead of a bean's stack trace
				FailureAnalysis analysis = new InvalidEtcdEndpointFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).isEqualTo("mcp.server.etcd.endpoints: 'https://127.0.0.1:2379'"
						+ " uses TLS, which the etcd store does not support yet: use http://host:port");
				assertThat(analysis.getAction()).startsWith("Set mcp.server.etcd.endpoints to the client URLs");
			});
		assertThat(SpringFactoriesLoader.loadFactoryNames(FailureAnalyzer.class, getClass().getClassLoader()))
			.contains(InvalidEtcdEndpointFailureAnalyzer.class.getName());
	}

	@Test
	void healthIsDownWithTheReasonWhenNothingListensAtTheEndpoint() {
		this.contextRunner
			.withPropertyValues("mcp.server.store=etcd", "mcp.server.etcd.endpoints=http://127.0.0.1:1",
					"mcp.server.etcd.timeout=600ms")
			.run((context) -> {
				Health health = context.getBean(EtcdStoreHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("endpoints", List.of("http://127.0.0.1:1"))
					.containsKey("reason");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(McpServerProperties.class)
	static class ServerProperties {

		@Bean
		ServerId serverId() {
			return new ServerId("test-replica");
		}

	}

}
