package io.mcpconfig.server.sync;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * What an operator of a center with thousands of instances watches, in Micrometer
 * ({@code /actuator/metrics}, and any registry the server is given): how many sync streams
 * this center holds, how long a release takes from this center to each instance's stream,
 * how instances answer, and how often the store reads queue over.
 */
@Component
class SyncMetrics {

	private final Timer pushLag;

	private final Counter acked;

	private final Counter nacked;

	private final Counter resent;

	SyncMetrics(MeterRegistry registry, SessionRegistry sessions, SyncWorkers workers) {
		Gauge.builder("mcp.sync.sessions", sessions, SessionRegistry::liveCount)
			.description("Sync streams open on this center")
			.register(registry);
		Gauge.builder("mcp.sync.reads.queued", workers, SyncWorkers::queuedReads)
			.description("Store reads of subscribes, fetches and delta bases waiting for a read thread")
			.register(registry);
		Gauge.builder("mcp.sync.messages.waiting", workers, SyncWorkers::waitingMessages)
			.description("Client messages received and waiting for their session's thread "
					+ "(each session asks for a few at a time; a flooding client waits in gRPC flow control)")
			.register(registry);
		FunctionCounter.builder("mcp.sync.reads.refused", workers, SyncWorkers::refusedReads)
			.description("Store reads refused since start because the read queue was full "
					+ "(the client is told RESOURCE_EXHAUSTED with a retry hint)")
			.register(registry);
		this.pushLag = Timer.builder("mcp.sync.push.lag")
			.description("From this center learning of a release (stored here, or seen in the store) "
					+ "to the update carrying it handed to an instance's stream")
			.register(registry);
		this.acked = updates(registry, "acked");
		this.nacked = updates(registry, "nacked");
		this.resent = Counter.builder("mcp.sync.updates.resent")
			.description("Updates sent again because the instance did not answer within mcp.server.sync.ack-timeout")
			.register(registry);
	}

	private static Counter updates(MeterRegistry registry, String outcome) {
		return Counter.builder("mcp.sync.updates")
			.description("Updates answered by the instances, by answer")
			.tag("outcome", outcome)
			.register(registry);
	}

	/** An update carrying a release the fan-out offered at {@code offeredNanos} ({@code nanoTime}) was sent. */
	void pushed(long offeredNanos) {
		this.pushLag.record(System.nanoTime() - offeredNanos, TimeUnit.NANOSECONDS);
	}

	void acked() {
		this.acked.increment();
	}

	void nacked() {
		this.nacked.increment();
	}

	void resent() {
		this.resent.increment();
	}

}
