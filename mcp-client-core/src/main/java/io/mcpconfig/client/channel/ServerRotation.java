package io.mcpconfig.client.channel;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The order in which the channel tries the config centers: every address of every
 * configured entry (a host name may stand for several), as listed and looked up, until a
 * center that was reached refuses a call; from then on starting with the center after it,
 * round-robin. gRPC's {@code pick_first} leaves a center only when it cannot connect to it,
 * but a replica cut off from its store keeps its connection and answers every call
 * {@code UNAVAILABLE}: only the client, told so by the answer, can move on. The channel's
 * name resolver has each of its lookups arranged here.
 */
public final class ServerRotation {

	private final List<ServerAddress> addresses;

	// swapped whole: an order arranged by a lookup that raced a turn never pairs with another turn
	private final AtomicReference<Order> order;

	private final CompletableFuture<Void> lookedUp = new CompletableFuture<>();

	/**
	 * Starts with the addresses in the order listed.
	 * @param addresses the config center addresses, in order of preference
	 */
	public ServerRotation(List<ServerAddress> addresses) {
		if (addresses.isEmpty()) {
			throw new IllegalArgumentException("No config center address");
		}
		this.addresses = List.copyOf(addresses);
		this.order = new AtomicReference<>(new Order(this.addresses.stream()
			.map((address) -> new Center(address, InetSocketAddress.createUnresolved(address.host(), address.port())))
			.toList(), null));
	}

	/**
	 * The addresses as configured, whatever the rotation.
	 * @return the addresses, in the order listed
	 */
	public List<ServerAddress> addresses() {
		return this.addresses;
	}

	/**
	 * How many centers there are to ask: every address the last lookup found (before the
	 * first, one per configured entry).
	 * @return at least one
	 */
	public int size() {
		return this.order.get().centers().size();
	}

	/**
	 * Arranges a lookup's centers in the order to try them now, and keeps that order for
	 * {@link #turnPast}: from the one after the center passed over last, then from the
	 * start, when that center is among them; as looked up otherwise.
	 * @param centers every address of every configured entry, in the order listed
	 * @return the same centers, each once
	 */
	public List<Center> arrange(List<Center> centers) {
		Order arranged = this.order.updateAndGet((last) -> {
			int refused = indexOf(centers, last.passedOver());
			return new Order((refused < 0) ? List.copyOf(centers) : startingAt(centers, refused + 1), last.passedOver());
		});
		this.lookedUp.complete(null);
		return arranged.centers();
	}

	/**
	 * Waits until the channel has looked the entries up once, so that {@link #size()}
	 * counts every address of a name: a call waits for that lookup anyway (for as long as
	 * the name service takes, which the JDK does not bound).
	 * @param timeout how long to wait at most; then {@link #size()} counts one per entry
	 */
	public void awaitLookUp(Duration timeout) {
		try {
			this.lookedUp.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			// no lookup yet: the call that follows waits for it, under its own deadline
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Passes over the center that refused: the next lookup is arranged to start with the
	 * center after it. That is not always the one tried first: {@code pick_first} passes
	 * over a center it cannot reach, and turning by one would then ask the refusing center
	 * again.
	 * @param refused the address of the refusing center; one not among the last lookup's
	 * (or {@code null}) passes over the first of them
	 * @return the center tried first from now on, as far as the last lookup knows
	 */
	public Center turnPast(InetSocketAddress refused) {
		Order turned = this.order.updateAndGet((last) -> {
			int index = Math.max(indexOf(last.centers(), refused), 0);
			return new Order(last.centers(), last.centers().get(index).socket());
		});
		List<Center> centers = turned.centers();
		return centers.get((indexOf(centers, turned.passedOver()) + 1) % centers.size());
	}

	private static int indexOf(List<Center> centers, InetSocketAddress socket) {
		for (int i = 0; socket != null && i < centers.size(); i++) {
			if (centers.get(i).socket().equals(socket)) {
				return i;
			}
		}
		return -1;
	}

	private static List<Center> startingAt(List<Center> centers, int start) {
		int from = start % centers.size();
		List<Center> order = new ArrayList<>(centers.subList(from, centers.size()));
		order.addAll(centers.subList(0, from));
		return List.copyOf(order);
	}

	@Override
	public String toString() {
		return this.order.get().centers().toString();
	}

	/**
	 * The centers as the last lookup found them, arranged, and the one passed over last.
	 *
	 * @param centers in the order to try them; before a lookup, each entry unresolved
	 * @param passedOver the center that refused last, {@code null} before one did
	 */
	private record Order(List<Center> centers, InetSocketAddress passedOver) {
	}

	/**
	 * One config center: an address its configured entry stands for.
	 *
	 * @param configured the entry as configured, whose host is the center's authority
	 * (checked against its certificate over TLS)
	 * @param socket one address of the entry's host, unresolved if the lookup failed
	 */
	public record Center(ServerAddress configured, InetSocketAddress socket) {

		@Override
		public String toString() {
			return describe(this.socket);
		}

		/**
		 * A center's address as logs and the health endpoint show it: {@code host:port},
		 * with the IP address the host name was looked up to when it is one, as a name may
		 * stand for several centers.
		 * @param socket the address, or {@code null}
		 * @return the description, or {@code null} for {@code null}
		 */
		static String describe(InetSocketAddress socket) {
			if (socket == null) {
				return null;
			}
			String name = new ServerAddress(socket.getHostString(), socket.getPort()).toString();
			if (socket.isUnresolved() || socket.getAddress().getHostAddress().equals(socket.getHostString())) {
				return name;
			}
			return name + " (" + socket.getAddress().getHostAddress() + ")";
		}

	}

}
