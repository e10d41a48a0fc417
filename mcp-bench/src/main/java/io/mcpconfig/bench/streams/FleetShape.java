package io.mcpconfig.bench.streams;

import java.util.ArrayList;
import java.util.List;

import io.mcpconfig.testsupport.protocol.ClientTiming;

/**
 * How a fleet of streams is laid out: how many, over how many client processes (each
 * below its 20 000-file limit) and how many loopback source addresses
 * ({@code 127.0.0.2} and up; the center listens on {@code 127.0.0.1}), all subscribed to
 * one target, each client heart-beating at the interval.
 *
 * @param streams how many clients, one stream each
 * @param processes how many client JVMs share them, evenly
 * @param sources how many source addresses the connections leave from
 * @param streamsPerConnection how many clients of a process share one channel (a TCP
 * connection carrying their streams side by side, as HTTP/2 does): 1 but where a center
 * would need more connections than the files a process may open here
 * @param app the target's app
 * @param env the target's env
 * @param timing each client's heartbeat interval and reconnect back-off
 * @param clientJvmOptions options of each client JVM (heap)
 */
record FleetShape(int streams, int processes, int sources, int streamsPerConnection, String app, String env,
		ClientTiming timing, List<String> clientJvmOptions) {

	/** Connections one client process holds at most: a file each, and room below 20 000 for its own. */
	static final int MAX_CONNECTIONS_PER_PROCESS = 9000;

	FleetShape {
		if (sources < 1 || sources > 250) {
			throw new IllegalArgumentException("source addresses: 1 to 250, not " + sources);
		}
		if (streamsPerConnection < 1) {
			throw new IllegalArgumentException("streams per connection: 1 or more, not " + streamsPerConnection);
		}
		if (streams > (long) processes * MAX_CONNECTIONS_PER_PROCESS * streamsPerConnection) {
			throw new IllegalArgumentException(streams + " streams need at least "
					+ processesFor(streams, streamsPerConnection, 1) + " processes, not " + processes);
		}
		clientJvmOptions = List.copyOf(clientJvmOptions);
	}

	/** The fewest processes for {@code streams}, at least {@code atLeast}. */
	static int processesFor(int streams, int streamsPerConnection, int atLeast) {
		int connections = (streams + streamsPerConnection - 1) / streamsPerConnection;
		return Math.max(atLeast, (connections + MAX_CONNECTIONS_PER_PROCESS - 1) / MAX_CONNECTIONS_PER_PROCESS);
	}

	/** The TCP connections the fleet opens: a process's last one may carry fewer streams. */
	int connections() {
		int connections = 0;
		for (int p = 0; p < this.processes; p++) {
			connections += (streamsOfProcess(p) + this.streamsPerConnection - 1) / this.streamsPerConnection;
		}
		return connections;
	}

	int streamsOfProcess(int process) {
		return this.streams / this.processes + ((process < this.streams % this.processes) ? 1 : 0);
	}

	List<String> sourceAddresses() {
		List<String> addresses = new ArrayList<>();
		for (int i = 0; i < this.sources; i++) {
			addresses.add("127.0.0." + (2 + i));
		}
		return addresses;
	}

}
