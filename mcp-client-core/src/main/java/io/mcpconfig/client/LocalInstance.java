package io.mcpconfig.client;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import io.mcpconfig.client.config.ConfigTarget;

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

	/** The target and default id of each client of this process that follows a target under a default id. */
	private static final Set<Claim> CLAIMED_DEFAULT_IDS = ConcurrentHashMap.newKeySet();

	private LocalInstance() {
	}

	/**
	 * The default id of a client of this process that follows a target: {@link #DEFAULT_ID},
	 * or, while another client of this process follows the same target under it (each
	 * context of a hierarchy has a client of its own), {@code DEFAULT_ID-2}, {@code -3},
	 * and so on. The center holds one session per target and instance id, so two clients
	 * under one id would replace each other's session over and over.
	 * @param target the target the client follows
	 * @return the id, to be given back with {@link #releaseDefaultId} when the client closes
	 */
	public static String claimDefaultId(ConfigTarget target) {
		for (int n = 1;; n++) {
			String id = (n == 1) ? DEFAULT_ID : DEFAULT_ID + "-" + n;
			if (CLAIMED_DEFAULT_IDS.add(new Claim(target, id))) {
				return id;
			}
		}
	}

	/**
	 * Gives back an id that {@link #claimDefaultId} gave out.
	 * @param target the target the client followed
	 * @param id the id
	 */
	public static void releaseDefaultId(ConfigTarget target, String id) {
		CLAIMED_DEFAULT_IDS.remove(new Claim(target, id));
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

	private record Claim(ConfigTarget target, String id) {
	}

}
