package io.mcpconfig.bench.streams;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ManagedChannel;
import io.mcpconfig.protocol.v1.Target;
import io.mcpconfig.testsupport.protocol.ClientRecords;
import io.mcpconfig.testsupport.protocol.ClientTiming;
import io.mcpconfig.testsupport.protocol.SharedTransport;
import io.mcpconfig.testsupport.protocol.StreamClient;
import io.mcpconfig.testsupport.protocol.VerifiedConfigs;

/**
 * A child JVM of the streams benchmark: {@code count} {@link StreamClient}s over one
 * {@link SharedTransport}, spread round-robin over the given source addresses, driven by
 * the coordinator through standard input, one command a line, each answered by one JSON
 * line on standard output:
 * <ul>
 * <li>{@code open}: every client opens its stream, all at once;</li>
 * <li>{@code status <version>}: {@link ClientsStatus} against that version;</li>
 * <li>{@code applied <version>}: when each client applied it ({@code System.nanoTime()}, 0: not);</li>
 * <li>{@code confirmed}: when each client's live stream was confirmed current (0: not);</li>
 * <li>{@code opens}: how often each client opened its stream;</li>
 * <li>{@code close}: stops every client and exits; so does the end of standard input (the
 * coordinator died).</li>
 * </ul>
 * Arguments: {@code --center=host:port --token=... --app=... --env=... --first=<index of
 * the first client> --count=N --sources=127.0.0.2,127.0.0.3 --streams-per-connection=1
 * --heartbeat-interval-ms=5000 --max-backoff-ms=30000}.
 */
public final class ClientProcess {

	private static final Duration CHANNEL_SHUTDOWN = Duration.ofSeconds(20);

	private ClientProcess() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = Options.parse(args,
				List.of("center", "token", "app", "env", "first", "count", "sources", "streams-per-connection",
						"heartbeat-interval-ms", "max-backoff-ms"));
		int perConnection = Integer.parseInt(options.get("streams-per-connection"));
		String[] center = options.get("center").split(":");
		InetSocketAddress centerAddress = new InetSocketAddress(center[0], Integer.parseInt(center[1]));
		int first = Integer.parseInt(options.get("first"));
		int count = Integer.parseInt(options.get("count"));
		List<InetAddress> sources = new ArrayList<>();
		for (String source : options.get("sources").split(",")) {
			sources.add(InetAddress.getByName(source));
		}
		Target target = Target.newBuilder().setApp(options.get("app")).setEnv(options.get("env")).build();
		ClientTiming timing = ClientTiming
			.starterDefaults(Duration.ofMillis(Long.parseLong(options.get("heartbeat-interval-ms"))))
			.withMaxBackoff(Duration.ofMillis(Long.parseLong(options.get("max-backoff-ms"))));
		// answers only: everything else this JVM prints goes to standard error
		PrintStream answers = System.out;
		System.setOut(System.err);
		ClientRecords records = new ClientRecords(count);
		VerifiedConfigs configs = new VerifiedConfigs();
		try (SharedTransport transport = new SharedTransport(options.get("token"))) {
			List<StreamClient> clients = new ArrayList<>(count);
			ManagedChannel shared = null;
			for (int i = 0; i < count; i++) {
				int global = first + i;
				if (i % perConnection == 0) {
					int connection = global / perConnection;
					shared = transport.channel(centerAddress, sources.get(connection % sources.size()));
				}
				clients.add(new StreamClient(i, "bench-" + global, target, List.of(shared), transport, records,
						configs, timing));
			}
			try {
				serve(clients, records, answers);
			}
			finally {
				stop(clients);
			}
		}
	}

	private static void serve(List<StreamClient> clients, ClientRecords records, PrintStream answers)
			throws IOException {
		ObjectMapper json = new ObjectMapper();
		BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		String line;
		while ((line = commands.readLine()) != null) {
			String[] words = line.trim().split(" ");
			Object answer = switch (words[0]) {
				case "open" -> {
					clients.forEach(StreamClient::start);
					yield Map.of("opened", clients.size());
				}
				case "status" -> records.status(Long.parseLong(words[1]));
				case "applied" -> records.appliedNanos(Long.parseLong(words[1]));
				case "confirmed" -> records.confirmedNanos();
				case "opens" -> records.opens();
				case "close" -> null;
				default -> Map.of("error", "unknown command '" + line + "'");
			};
			if (answer == null) {
				break;
			}
			answers.println(json.writeValueAsString(answer));
			answers.flush();
		}
		answers.println(json.writeValueAsString(Map.of("closed", clients.size())));
		answers.flush();
	}

	private static void stop(List<StreamClient> clients) throws InterruptedException {
		if (!StreamClient.stopAll(clients, CHANNEL_SHUTDOWN)) {
			System.err.println("channels still open after " + CHANNEL_SHUTDOWN + "; exiting anyway");
		}
	}

}
