package io.mcpconfig.server.sync;

import java.util.Map;

import io.mcpconfig.protocol.ListenPorts;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Resolves {@code grpc.server.port=0} to a free port below the operating system's
 * ephemeral range before the gRPC server starter sees it. The starter itself picks any
 * port from 1024 to 65535 that a {@code localhost} socket can bind and binds the wildcard
 * address seconds later; a port in the ephemeral range is taken meanwhile by any outgoing
 * connection, and the start fails with "Address already in use". Below the ephemeral
 * range only listeners that name their port compete ({@link ListenPorts}).
 */
public final class GrpcPortZeroResolver implements EnvironmentPostProcessor, Ordered {

	static final String PORT = "grpc.server.port";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (Integer.valueOf(0).equals(environment.getProperty(PORT, Integer.class))) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("mcpGrpcPortZero", Map.of(PORT, ListenPorts.free())));
		}
	}

	@Override
	public int getOrder() {
		// after config data, so that a port set in application.yml or a profile counts
		return Ordered.LOWEST_PRECEDENCE;
	}

}
