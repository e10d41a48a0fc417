package io.mcpconfig.client.boot3;

import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Import;

import io.mcpconfig.client.actuate.McpClientActuatorAutoConfiguration;
import io.mcpconfig.client.actuate.McpClientMetricsConfiguration;

/**
 * The client's Micrometer meters on Boot 3, after Boot 3's metrics auto-configurations
 * have created the registry.
 */
@AutoConfiguration(after = { McpClientActuatorAutoConfiguration.class, MetricsAutoConfiguration.class,
		CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnClass({ MeterBinder.class, MetricsAutoConfiguration.class })
@Import(McpClientMetricsConfiguration.class)
public class Boot3MetricsAutoConfiguration {

}
