package io.mcpconfig.server;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * How {@code mcp.server.*} binds, and that a value out of range stops the start-up with
 * Boot's report naming the property, the value and the reason.
 */
@ExtendWith(OutputCaptureExtension.class)
class McpServerPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(Settings.class);

	@Test
	void defaultsAreTheDocumentedOnes() {
		this.contextRunner.run((context) -> {
			McpServerProperties properties = context.getBean(McpServerProperties.class);
			assertThat(properties.maxBodySize()).isEqualTo(DataSize.ofBytes(1_048_576));
			assertThat(properties.maxHistory()).isEqualTo(100);
			assertThat(properties.sync().ackTimeout()).isEqualTo(Duration.ofSeconds(10));
			assertThat(properties.sync().instanceExpiry()).isEqualTo(Duration.ofSeconds(15));
			assertThat(properties.sync().threads()).isEqualTo(4);
			assertThat(properties.sync().readQueue()).isEqualTo(1024);
			assertThat(properties.etcd().timeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.etcd().leaseTtl()).isEqualTo(Duration.ofSeconds(15));
			assertThat(properties.limits().maxValueLength()).isEqualTo(262_144);
			assertThat(properties.limits().maxTotalLength()).isEqualTo(1_048_576);
			assertThat(properties.limits().maxReleaseSize()).isEqualTo(DataSize.ofMegabytes(4));
		});
	}

	@Test
	void maxBodySizeAsAPlainNumberIsBytes() {
		this.contextRunner.withPropertyValues("mcp.server.max-body-size=4096")
			.run((context) -> assertThat(context.getBean(McpServerProperties.class).maxBodySize().toBytes())
				.isEqualTo(4096));
	}

	@Test
	void maxBodySizeTakesAUnit() {
		this.contextRunner.withPropertyValues("mcp.server.max-body-size=2MB")
			.run((context) -> assertThat(context.getBean(McpServerProperties.class).maxBodySize().toBytes())
				.isEqualTo(2 * 1024 * 1024));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			mcp.server.sync.ack-timeout=0s          | mcp.server.sync.ackTimeout       | must be greater than 0
			mcp.server.sync.instance-expiry=-1s     | mcp.server.sync.instanceExpiry   | must be greater than 0
			mcp.server.etcd.timeout=0ms             | mcp.server.etcd.timeout          | must be greater than 0
			mcp.server.limits.upload-timeout=0s     | mcp.server.limits.uploadTimeout  | must be greater than 0
			mcp.server.etcd.lease-ttl=500ms         | mcp.server.etcd.leaseTtl         | must be longer than or equal to 1 second
			mcp.server.sync.threads=0               | mcp.server.sync.threads          | must be greater than 0
			mcp.server.sync.read-queue=0            | mcp.server.sync.readQueue        | must be greater than 0
			mcp.server.max-history=0                | mcp.server.maxHistory            | must be greater than 0
			mcp.server.limits.max-value-length=0    | mcp.server.limits.maxValueLength | must be greater than 0
			mcp.server.audit.max-entries=0          | mcp.server.audit.maxEntries      | must be greater than 0
			mcp.server.max-body-size=0B             | mcp.server.maxBodySize           | must be greater than 0
			mcp.server.limits.max-release-size=0KB  | mcp.server.limits.maxReleaseSize | must be greater than 0
			""")
	void aValueOutOfRangeStopsTheStartUpNamingThePropertyAndTheRule(String setting, String property, String reason,
			CapturedOutput output) {
		assertStartUpFailsOn(output, setting, property, reason);
	}

	@Test
	void aSettingAtTheTopLevelIsReportedWithWhereItWasSet(CapturedOutput output) {
		assertStartUpFailsOn(output, "mcp.server.max-history=0", "mcp.server.maxHistory", "must be greater than 0");
		assertThat(output).contains("Value: \"0\"", "Origin: \"mcp.server.max-history\" from property source");
	}

	@Test
	void everyBadValueIsReportedAtOnce(CapturedOutput output) {
		assertThatException().isThrownBy(() -> start("mcp.server.sync.ack-timeout=0s", "mcp.server.sync.threads=-2"));
		assertThat(output).contains("Property: mcp.server.sync.ackTimeout", "Property: mcp.server.sync.threads");
	}

	/**
	 * Starts an application with a setting as Boot starts the center, and reads its failure
	 * report. Boot names a property by its record components
	 * ({@code mcp.server.sync.ackTimeout}), and says where it was set only for one at the
	 * top level.
	 */
	private static void assertStartUpFailsOn(CapturedOutput output, String setting, String property, String reason) {
		assertThatException().isThrownBy(() -> start(setting));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Binding to target io.mcpconfig.server.McpServerProperties failed")
			.contains("Property: " + property + "\n")
			.contains("Reason: " + reason + "\n");
	}

	private static void start(String... properties) {
		new SpringApplicationBuilder(Settings.class).web(WebApplicationType.NONE).properties(properties).run().close();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(McpServerProperties.class)
	static class Settings {

	}

}
