package io.mcpconfig.client.testing;

import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.support.TestPropertySourceUtils;

import io.mcpconfig.client.McpClientProperties;

/**
 * Keeps an application's {@code @SpringBootTest}s hermetic: unless the test itself sets
 * {@code mcp.client.enabled} (in {@code @SpringBootTest(properties = ...)},
 * {@code @TestPropertySource}, a system property or an environment variable), the client
 * is off in it, so a test never reaches a config center or loads a snapshot of real
 * configuration, and runs on the application's own configuration files. Runs before the
 * config data is loaded, when the environment holds only what the test and the process
 * set; a test is recognised by the inlined properties source that Spring's test framework
 * adds to every {@code @SpringBootTest}. Each Boot line's adapter registers it as that
 * line's {@code EnvironmentPostProcessor}.
 */
public class TestIsolation implements Ordered {

	/** The name of the property source that switches the client off. */
	public static final String PROPERTY_SOURCE_NAME = "mcpClientOffInTests";

	/** Before {@link ConfigDataEnvironmentPostProcessor}: the {@code mcp:} import sees the switch. */
	public static final int ORDER = ConfigDataEnvironmentPostProcessor.ORDER - 1;

	private static final String ENABLED = McpClientProperties.PREFIX + ".enabled";

	private final Log log;

	protected TestIsolation(DeferredLogFactory logFactory) {
		this.log = logFactory.getLog(TestIsolation.class);
	}

	/**
	 * Switches the client off in a test that does not switch it on.
	 * @param environment the environment, before config data is loaded
	 * @param application the application
	 */
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		// A compile-time constant: nothing of spring-test is loaded where it is absent.
		if (!environment.getPropertySources().contains(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME)
				|| environment.containsProperty(ENABLED)) {
			return;
		}
		environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(ENABLED, "false")));
		this.log.info("MCP Config client is off in this test: it reaches no config center and reads no snapshot. "
				+ "Set " + ENABLED + "=true in the test's properties to use it.");
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
