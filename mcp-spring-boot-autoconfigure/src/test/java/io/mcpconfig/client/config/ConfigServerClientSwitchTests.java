package io.mcpconfig.client.config;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Cloud Config client left on the class path of an application that imports
 * {@code mcp:} is switched off only when nothing imports {@code configserver:} and
 * nobody decided otherwise.
 */
class ConfigServerClientSwitchTests {

	private final ConfigServerClientSwitch configServerClientSwitch = new ConfigServerClientSwitch(
			(DeferredLogFactory) (log) -> log.get()) {
	};

	@Test
	void anApplicationImportingOnlyMcpHasTheConfigClientOff() {
		StandardEnvironment environment = environment(Map.of("spring.config.import", "mcp:"));

		this.configServerClientSwitch.postProcessEnvironment(environment, null);

		assertThat(environment.getProperty("spring.cloud.config.enabled")).isEqualTo("false");
	}

	@Test
	void anApplicationWhoseMcpClientIsOffHasTheConfigClientOffToo() {
		// a disabled client (in a @SpringBootTest, say) adds no MCP property source
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application.yml",
					Map.of("spring.config.import", "optional:mcp:", "mcp.client.enabled", "false")));

		this.configServerClientSwitch.postProcessEnvironment(environment, null);

		assertThat(environment.getProperty("spring.cloud.config.enabled")).isEqualTo("false");
	}

	@Test
	void anApplicationImportingBothKeepsTheConfigClient() {
		StandardEnvironment environment = environment(
				Map.of("spring.config.import[0]", "mcp:", "spring.config.import[1]", "optional:configserver:"));

		this.configServerClientSwitch.postProcessEnvironment(environment, null);

		assertThat(environment.getProperty("spring.cloud.config.enabled")).isNull();
	}

	@Test
	void aConfigServerImportInAnotherSourceCountsToo() {
		StandardEnvironment environment = environment(Map.of("spring.config.import", "mcp:"));
		environment.getPropertySources()
			.addLast(new MapPropertySource("profile document", Map.of("spring.config.import", "configserver:http://c")));

		this.configServerClientSwitch.postProcessEnvironment(environment, null);

		assertThat(environment.getProperty("spring.cloud.config.enabled")).isNull();
	}

	@Test
	void anExplicitSettingIsLeftAsItIs() {
		StandardEnvironment environment = environment(
				Map.of("spring.config.import", "mcp:", "spring.cloud.config.enabled", "true"));

		this.configServerClientSwitch.postProcessEnvironment(environment, null);

		assertThat(environment.getProperty("spring.cloud.config.enabled")).isEqualTo("true");
		assertThat(environment.getPropertySources().contains(ConfigServerClientSwitch.PROPERTY_SOURCE_NAME)).isFalse();
	}

	@Test
	void theLegacyBootstrapContextIsLeftAlone() {
		StandardEnvironment environment = environment(
				Map.of("spring.config.import", "mcp:", "spring.cloud.bootstrap.enabled", "true"));

		this.configServerClientSwitch.postProcessEnvironment(environment, null);

		assertThat(environment.getProperty("spring.cloud.config.enabled")).isNull();
	}

	@Test
	void anApplicationWithoutTheMcpImportIsLeftAlone() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("app", Map.of("spring.config.import", "x:")));

		this.configServerClientSwitch.postProcessEnvironment(environment, null);

		assertThat(environment.getProperty("spring.cloud.config.enabled")).isNull();
	}

	private static StandardEnvironment environment(Map<String, Object> application) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("application.yml", application));
		ConfigTarget target = new ConfigTarget("shop", "prod");
		environment.getPropertySources().addFirst(new McpPropertySource(HeldConfig.empty(target, Instant.now())));
		return environment;
	}

}
