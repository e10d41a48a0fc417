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
 * <p>
 * Processes that pick ports side by side (the build's concurrent test JVMs) each take a
 * slice of the range of their own: {@code -Dmcp.listen-ports.slice=k/n}, the k-th of n,
 * from 1. Otherwise one could hand out a port another picked but has not bound yet, or
 * left free between a stop and a restart on it.
 */
public final class ListenPorts {

	// Linux hands out 32768-60999 to outgoing connections, Windows and macOS 49152 and up
	static final int LOWEST = 10_000;

	static final int BELOW_EPHEMERAL = 32_768;

	private static final int ATTEMPTS = 200;

	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	/** From (inclusive) and to (exclusive): the whole range, or this process's slice of it. */
	private static final int[] SLICE = slice(System.getProperty("mcp.listen-ports.slice"));

	private ListenPorts() {
	}

	/**
	 * A port no listener holds now, from 10000 to 32767 (or this process's slice of that).
	 * @return the port
	 * @throws IllegalStateException when none was found in 200 attempts
	 */
	public static int free() {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int candidate = ThreadLocalRandom.current().nextInt(SLICE[0], SLICE[1]);
			if (bindable(candidate) && HANDED_OUT.add(candidate)) {
				return candidate;
			}
		}
		throw new IllegalStateException(
				"no free port found from " + SLICE[0] + " to " + (SLICE[1] - 1) + " in " + ATTEMPTS + " attempts");
	}

	static int[] slice(String slice) {
		if (slice == null || slice.isBlank()) {
			return new int[] { LOWEST, BELOW_EPHEMERAL };
		}
		String[] kOfN = slice.trim().split("/");
		try {
			int k = Integer.parseInt(kOfN[0]);
			int n = Integer.parseInt(kOfN[1]);
			if (kOfN.length == 2 && n >= 1 && k >= 1 && k <= n) {
				int width = (BELOW_EPHEMERAL - LOWEST) / n;
				return new int[] { LOWEST + (k - 1) * width, LOWEST + k * width };
			}
		}
		catch (RuntimeException ex) {
			// the message below says what is expected
		}
		throw new IllegalArgumentException("mcp.listen-ports.slice must be k/n with 1 <= k <= n, not '" + slice + "'");
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
