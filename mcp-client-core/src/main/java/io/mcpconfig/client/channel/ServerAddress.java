package io.mcpconfig.client.channel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One address of the config center's gRPC endpoint.
 *
 * @param host a host name or IP address (IPv6 without brackets)
 * @param port the TCP port
 */
public record ServerAddress(String host, int port) {

	public ServerAddress {
		if (host == null || host.isBlank()) {
			throw new IllegalArgumentException("host must not be empty");
		}
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
		}
	}

	/**
	 * Parses {@code host:port}, or {@code [ipv6]:port}.
	 * @param text the address
	 * @return the address
	 * @throws IllegalArgumentException if {@code text} is not {@code host:port}
	 */
	public static ServerAddress parse(String text) {
		String trimmed = (text != null) ? text.trim() : "";
		int colon = trimmed.lastIndexOf(':');
		if (colon <= 0 || colon == trimmed.length() - 1) {
			throw new IllegalArgumentException("'" + text + "' is not host:port");
		}
		String host = trimmed.substring(0, colon);
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		else if (host.contains(":")) {
			throw new IllegalArgumentException("'" + text + "' is not host:port (write IPv6 as [address]:port)");
		}
		int port;
		try {
			port = Integer.parseInt(trimmed.substring(colon + 1));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("'" + text + "' is not host:port: the port is not a number");
		}
		try {
			return new ServerAddress(host, port);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("'" + text + "' is not host:port: " + ex.getMessage());
		}
	}

	/**
	 * Parses a list of addresses, naming the property and index of a bad one.
	 * @param property the property the list comes from, for error messages
	 * @param texts the addresses
	 * @return the addresses, in order
	 * @throws IllegalArgumentException if the list is empty or an entry is not
	 * {@code host:port}
	 */
	public static List<ServerAddress> parseAll(String property, List<String> texts) {
		if (texts == null || texts.isEmpty()) {
			throw new IllegalArgumentException(property + " is empty: list the config center's host:port addresses");
		}
		List<ServerAddress> addresses = new ArrayList<>(texts.size());
		for (int i = 0; i < texts.size(); i++) {
			try {
				addresses.add(parse(texts.get(i)));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(property + "[" + i + "]: " + ex.getMessage(), ex);
			}
		}
		return List.copyOf(addresses);
	}

	/**
	 * Looks the host up: every address of a name with several (a Kubernetes headless
	 * service names each ready pod), in the order the lookup gives them.
	 * @return the socket addresses; one unresolved address when the lookup fails, which a
	 * connection attempt then reports
	 */
	List<InetSocketAddress> resolve() {
		try {
			return Arrays.stream(InetAddress.getAllByName(this.host))
				.map((address) -> new InetSocketAddress(address, this.port))
				.toList();
		}
		catch (UnknownHostException ex) {
			return List.of(InetSocketAddress.createUnresolved(this.host, this.port));
		}
	}

	@Override
	public String toString() {
		return (this.host.contains(":") ? "[" + this.host + "]" : this.host) + ":" + this.port;
	}

}
