package io.mcpconfig.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * This process as an instance of the config center: its host name and default instance
 * id, both fixed once per process so every binding of {@link McpClientProperties} and
 * every reconnect reports the same identity.
 */
public final class LocalInstance {

	/** Host name of this machine, as reported to the config center. */
	public static final String HOST_NAME = hostName();

	/** Host name plus a random suffix, unique among instances on the same host. */
	public static final String DEFAULT_ID = HOST_NAME + "-"
			+ String.format("%06x", ThreadLocalRandom.current().nextInt(1 << 24));

	private LocalInstance() {
	}

	private static String hostName() {
		// Containers set HOSTNAME to the pod or container name, which is what operators see.
		String fromEnvironment = System.getenv("HOSTNAME");
		if (fromEnvironment != null && !fromEnvironment.isBlank()) {
			return fromEnvironment.trim();
		}
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "localhost";
		}
	}

}
