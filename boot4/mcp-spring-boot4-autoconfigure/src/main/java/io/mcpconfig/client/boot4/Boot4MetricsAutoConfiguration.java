package io.mcpconfig.client.boot4;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.context.annotation.Import;

import io.mcpconfig.client.actuate.McpClientActuatorAutoConfiguration;
import io.mcpconfig.client.actuate.McpClientMetricsConfiguration;

/**
 * The client's Micrometer meters on Boot 4, after Boot 4's metrics auto-configurations
 * have created the registry.
 */
@AutoConfiguration(after = { McpClientActuatorAutoConfiguration.class, MetricsAutoConfiguration.class,
		CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnClass({ MeterBinder.class, MetricsAutoConfiguration.class })
@Import(McpClientMetricsConfiguration.class)
public class Boot4MetricsAutoConfiguration {

}
