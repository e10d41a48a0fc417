package io.mcpconfig.server.sync;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

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
 * range only listeners that name their port compete, and the check binds the wildcard
 * address the server binds.
 */
public final class GrpcPortZeroResolver implements EnvironmentPostProcessor, Ordered {

	static final String PORT = "grpc.server.port";

	// Linux hands out 32768-60999 to outgoing connections, Windows and macOS 49152 and up
	private static final int LOWEST = 10_000;

	private static final int BELOW_EPHEMERAL = 32_768;

	private static final int ATTEMPTS = 200;

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (Integer.valueOf(0).equals(environment.getProperty(PORT, Integer.class))) {
			environment.getPropertySources()
				.addFirst(new MapPropertySource("mcpGrpcPortZero", Map.of(PORT, freePort())));
		}
	}

	static int freePort() {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int candidate = ThreadLocalRandom.current().nextInt(LOWEST, BELOW_EPHEMERAL);
			if (bindable(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException("grpc.server.port=0: no free port found from " + LOWEST + " to "
				+ (BELOW_EPHEMERAL - 1) + " in " + ATTEMPTS + " attempts");
	}

	private static boolean bindable(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress(port), 1);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public int getOrder() {
		// after config data, so that a port set in application.yml or a profile counts
		return Ordered.LOWEST_PRECEDENCE;
	}

}
