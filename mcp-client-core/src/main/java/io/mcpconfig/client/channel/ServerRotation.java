package io.mcpconfig.client.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The order in which the channel tries the configured addresses: as listed, until a
 * config center that was reached refuses a call; from then on starting with the address
 * after it, round-robin. gRPC's {@code pick_first} leaves an address only when it cannot
 * connect to it, but a replica cut off from its store keeps its connection and answers
 * every call {@code UNAVAILABLE}: only the client, told so by the answer, can move on. The
 * channel's name resolver reads the order each time it resolves.
 */
public final class ServerRotation {

	private final List<ServerAddress> addresses;

	private final AtomicInteger first = new AtomicInteger();

	/**
	 * Starts with the addresses in the order listed.
	 * @param addresses the config center addresses, in order of preference
	 */
	public ServerRotation(List<ServerAddress> addresses) {
		if (addresses.isEmpty()) {
			throw new IllegalArgumentException("No config center address");
		}
		this.addresses = List.copyOf(addresses);
	}

	/**
	 * The addresses as configured, whatever the rotation.
	 * @return the addresses, in the order listed
	 */
	public List<ServerAddress> addresses() {
		return this.addresses;
	}

	/**
	 * The address tried first now.
	 * @return the first address of {@link #order()}
	 */
	public ServerAddress first() {
		return this.addresses.get(this.first.get());
	}

	/**
	 * The addresses in the order to try them now: from {@link #first()} to the end of the
	 * list, then from its start.
	 * @return every address, once
	 */
	public List<ServerAddress> order() {
		int start = this.first.get();
		List<ServerAddress> order = new ArrayList<>(this.addresses.subList(start, this.addresses.size()));
		order.addAll(this.addresses.subList(0, start));
		return List.copyOf(order);
	}

	/**
	 * Moves the address tried first to the end: the next resolution starts with the one
	 * after it.
	 * @return the address tried first from now on
	 */
	public ServerAddress turn() {
		return this.addresses.get(this.first.updateAndGet((index) -> (index + 1) % this.addresses.size()));
	}

	/**
	 * Starts the next resolution with the address after the one that refused. That is not
	 * always the one tried first: {@code pick_first} passes over an address it cannot
	 * reach, and turning by one would then ask the refusing center again.
	 * @param refused the refusing center as {@code host:port}; one not listed (or
	 * {@code null}) turns by one
	 * @return the address tried first from now on
	 */
	public ServerAddress turnPast(String refused) {
		for (int i = 0; i < this.addresses.size(); i++) {
			if (this.addresses.get(i).toString().equals(refused)) {
				int next = (i + 1) % this.addresses.size();
				this.first.set(next);
				return this.addresses.get(next);
			}
		}
		return turn();
	}

	@Override
	public String toString() {
		return order().toString();
	}

}
