package io.mcpconfig.protocol;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for a listener that binds later (another process, or a server that starts
 * seconds after its port is chosen), picked below the operating system's ephemeral range.
 * A port from {@code new ServerSocket(0)}, or any port in the ephemeral range, can be
 * taken by an outgoing connection before the listener binds it, and the listener fails
 * with "Address already in use"; below that range only listeners that name their port
 * compete. A candidate must bind the wildcard address, as the listener will, and is never
 * handed out twice by one process.
 */
public final class ListenPorts {

	// Linux hands out 32768-60999 to outgoing connections, Windows and macOS 49152 and up
	static final int LOWEST = 10_000;

	static final int BELOW_EPHEMERAL = 32_768;

	private static final int ATTEMPTS = 200;

	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	private ListenPorts() {
	}

	/**
	 * A port no listener holds now, from 10000 to 32767.
	 * @return the port
	 * @throws IllegalStateException when none was found in 200 attempts
	 */
	public static int free() {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int candidate = ThreadLocalRandom.current().nextInt(LOWEST, BELOW_EPHEMERAL);
			if (bindable(candidate) && HANDED_OUT.add(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException(
				"no free port found from " + LOWEST + " to " + (BELOW_EPHEMERAL - 1) + " in " + ATTEMPTS + " attempts");
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

}
