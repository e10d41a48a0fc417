package io.mcpconfig.testsupport.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

import io.grpc.Status;

/**
 * What the clients of one process did, by client index, as the coordinator asks for it:
 * how often each opened its stream, which version it holds, when it was last confirmed
 * current on a live stream, when it applied each version, the history of what it applied,
 * and how its sessions ended.
 * Times are {@link System#nanoTime()}, which on Linux is the system-wide monotonic clock,
 * so the coordinator can subtract its own readings from them.
 */
public final class ClientRecords {

	/** How a stream that never answered three heartbeats in a row is counted. */
	public static final String SILENT = "SILENT";

	/** How a stream left for another replica, as its center could not reach its store, is counted. */
	public static final String UNCONFIRMED = "UNCONFIRMED";

	private static final int SAMPLE_LENGTH = 300;

	private final int clients;

	private final AtomicIntegerArray opens;

	private final AtomicLongArray heldVersions;

	private final AtomicLongArray confirmedNanos;

	private final ConcurrentHashMap<Long, AtomicLongArray> appliedNanos = new ConcurrentHashMap<>();

	/** Each client's applied versions, newest first: appending never copies nor locks. */
	private final AtomicReferenceArray<Link> histories;

	/** One string per checksum, so that long histories of many clients stay small. */
	private final ConcurrentHashMap<String, String> checksums = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, LongAdder> ends = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, String> endSamples = new ConcurrentHashMap<>();

	public ClientRecords(int clients) {
		this.clients = clients;
		this.histories = new AtomicReferenceArray<>(clients);
		this.opens = new AtomicIntegerArray(clients);
		this.heldVersions = new AtomicLongArray(clients);
		this.confirmedNanos = new AtomicLongArray(clients);
	}

	void opened(int client) {
		this.opens.incrementAndGet(client);
	}

	/** The center confirmed, on the client's live stream, the version the client holds. */
	void confirmed(int client, long nanos) {
		this.confirmedNanos.compareAndSet(client, 0, nanos);
	}

	/**
	 * The client verified and now holds {@code version}, and acknowledges it.
	 * @param full whether it came as a full update (else a delta from what it held)
	 */
	void applied(int client, long version, String checksum, boolean full, long nanos) {
		String shared = this.checksums.computeIfAbsent(checksum, (c) -> c);
		this.histories.updateAndGet(client, (previous) -> new Link(
				new AppliedVersion(version, shared, full, this.opens.get(client), nanos), previous));
		this.heldVersions.set(client, version);
		this.appliedNanos.computeIfAbsent(version, (v) -> new AtomicLongArray(this.clients))
			.compareAndSet(client, 0, nanos);
	}

	/** A stream ended: by the center's status, or {@link #SILENT}. */
	void ended(int client, String code, String description) {
		this.confirmedNanos.set(client, 0);
		this.ends.computeIfAbsent(code, (c) -> new LongAdder()).increment();
		if (description != null) {
			this.endSamples.putIfAbsent(code,
					(description.length() > SAMPLE_LENGTH) ? description.substring(0, SAMPLE_LENGTH) + "..." : description);
		}
	}

	void ended(int client, Status status) {
		ended(client, status.getCode().name(), status.getDescription());
	}

	/** Everything {@code client} applied, oldest first. */
	public List<AppliedVersion> history(int client) {
		List<AppliedVersion> versions = new ArrayList<>();
		for (Link link = this.histories.get(client); link != null; link = link.previous()) {
			versions.add(link.applied());
		}
		Collections.reverse(versions);
		return versions;
	}

	public int clients() {
		return this.clients;
	}

	/** Counts over all clients of this process, against {@code version}. */
	public ClientsStatus status(long version) {
		int confirmed = 0;
		int atVersion = 0;
		long openCount = 0;
		for (int i = 0; i < this.clients; i++) {
			boolean holds = this.heldVersions.get(i) >= version;
			atVersion += holds ? 1 : 0;
			confirmed += (holds && this.confirmedNanos.get(i) != 0) ? 1 : 0;
			openCount += this.opens.get(i);
		}
		Map<String, Long> endCounts = new TreeMap<>();
		this.ends.forEach((code, count) -> endCounts.put(code, count.sum()));
		return new ClientsStatus(this.clients, atVersion, confirmed, openCount, endCounts, new TreeMap<>(this.endSamples));
	}

	/** When each client applied {@code version}, 0 for not (yet). */
	public long[] appliedNanos(long version) {
		AtomicLongArray applied = this.appliedNanos.get(version);
		long[] nanos = new long[this.clients];
		for (int i = 0; applied != null && i < this.clients; i++) {
			nanos[i] = applied.get(i);
		}
		return nanos;
	}

	/** When each client's live stream was confirmed current, 0 for not. */
	public long[] confirmedNanos() {
		long[] nanos = new long[this.clients];
		for (int i = 0; i < this.clients; i++) {
			nanos[i] = this.confirmedNanos.get(i);
		}
		return nanos;
	}

	/** How often each client opened its stream. */
	public int[] opens() {
		int[] counts = new int[this.clients];
		for (int i = 0; i < this.clients; i++) {
			counts[i] = this.opens.get(i);
		}
		return counts;
	}

	/**
	 * One version a client applied (and so acknowledged).
	 * @param version what it holds from then on
	 * @param checksum what the configuration it built hashes to (verified against the update's)
	 * @param full whether the update was full (else a delta from the version before it)
	 * @param stream how many streams the client had opened by then: equal for two entries means
	 * both arrived on one stream, with no reconnect between them
	 * @param nanos {@link System#nanoTime()} when it was applied
	 */
	public record AppliedVersion(long version, String checksum, boolean full, int stream, long nanos) {
	}

	private record Link(AppliedVersion applied, Link previous) {
	}

}
