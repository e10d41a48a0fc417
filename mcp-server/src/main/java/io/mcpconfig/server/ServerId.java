package io.mcpconfig.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * This server replica's id, shown to clients in heartbeat answers and in the instance
 * registry: {@code mcp.server.id}, or the host name and the gRPC port (a short random
 * suffix when the port is chosen at start).
 */
public record ServerId(String value) {

	public static ServerId of(String configured, int grpcPort) {
		if (configured != null && !configured.isBlank()) {
			return new ServerId(configured.trim());
		}
		String suffix = (grpcPort > 0) ? String.valueOf(grpcPort)
				: HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).substring(0, 6);
		return new ServerId(hostName() + ":" + suffix);
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

	@Override
	public String toString() {
		return value;
	}

}
