package io.mcpconfig.testsupport.chaos;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import io.mcpconfig.testsupport.center.ConfigCenterClient;

/**
 * Publishes to the soak's target at a steady rate through whichever replica answers: each
 * publish is tried on the replicas in turn until one accepts it, so a dead replica or one
 * cut off from etcd costs a retry, not a publish. Every accepted release is kept with the
 * version and checksum the center answered; what could not be published is counted by why.
 */
final class Publisher implements AutoCloseable {

	/** Refused: the center answered with a non-2xx status; the release does not exist. */
	static final String REFUSED = "refused";

	/** Unreachable: no connection; nothing was sent. */
	static final String UNREACHABLE = "unreachable";

	/**
	 * No answer in time: the release may or may not exist, so the checks accept versions
	 * the publisher did not see as long as there are no more of them than these.
	 */
	static final String UNANSWERED = "unanswered";

	private final List<ConfigCenterClient> replicas;

	private final String app;

	private final String env;

	private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread t = new Thread(task, "soak-publisher");
		t.setDaemon(true);
		return t;
	});

	private final List<Publication> accepted = new CopyOnWriteArrayList<>();

	private final ConcurrentHashMap<String, LongAdder> failures = new ConcurrentHashMap<>();

	private final LongAdder notPublished = new LongAdder();

	/** Confined to the publisher's thread. */
	private long sequence;

	private int next;

	Publisher(List<ConfigCenterClient> replicas, String app, String env) {
		this.replicas = List.copyOf(replicas);
		this.app = app;
		this.env = env;
	}

	/** The configuration of the {@code n}th attempt: every release changes two keys. */
	static String yaml(long n) {
		return "sample:\n  greeting: \"soak " + n + "\"\nsoak:\n  sequence: " + n
				+ "\n  payload: \"the same forty characters every time....\"\n";
	}

	/** Publishes one release now, on the caller's thread; the soak's first release. */
	Publication publishOnce() {
		try {
			return this.thread.submit(this::publish).get();
		}
		catch (Exception ex) {
			throw new IllegalStateException("the first publish failed", ex);
		}
	}

	void start(double perSecond) {
		long periodMicros = Math.round(1_000_000 / perSecond);
		this.thread.scheduleAtFixedRate(this::publish, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
	}

	private Publication publish() {
		for (int attempt = 0; attempt < this.replicas.size(); attempt++) {
			// a number per attempt: a retry after an unanswered attempt that did commit makes
			// a release of other content, so every release changes keys and raises an event
			long n = ++this.sequence;
			String body = yaml(n);
			int replica = this.next;
			this.next = (this.next + 1) % this.replicas.size();
			long started = System.nanoTime();
			try {
				ConfigCenterClient.Answer answer = this.replicas.get(replica).tryPublishYaml(this.app, this.env, body);
				if (answer.isSuccess()) {
					Publication publication = new Publication(answer.body().get("version").asLong(),
							answer.body().get("checksum").asText(), n, started, System.nanoTime(), replica);
					this.accepted.add(publication);
					return publication;
				}
				count(REFUSED + " " + answer.status());
			}
			catch (IllegalStateException ex) {
				count(whyUnanswered(ex));
			}
		}
		this.notPublished.increment();
		return null;
	}

	private static String whyUnanswered(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException) {
				return UNREACHABLE;
			}
			if (cause instanceof HttpTimeoutException) {
				return UNANSWERED;
			}
		}
		// a connection cut while the request was in flight: as ambiguous as a timeout
		return UNANSWERED;
	}

	private void count(String why) {
		this.failures.computeIfAbsent(why, (w) -> new LongAdder()).increment();
	}

	/** Every release the center accepted, in the order they were accepted. */
	List<Publication> accepted() {
		return List.copyOf(this.accepted);
	}

	/** Attempts that failed, by why ({@code refused 503}, {@code unreachable}, {@code unanswered}). */
	Map<String, Long> failures() {
		Map<String, Long> counts = new TreeMap<>();
		this.failures.forEach((why, count) -> counts.put(why, count.sum()));
		return counts;
	}

	/** Publishes that no replica accepted. */
	long notPublished() {
		return this.notPublished.sum();
	}

	/** Stops publishing; a publish under way is finished first. */
	@Override
	public void close() throws InterruptedException {
		this.thread.shutdown();
		if (!this.thread.awaitTermination(30, TimeUnit.SECONDS)) {
			this.thread.shutdownNow();
		}
	}

	/**
	 * One release the center accepted.
	 * @param version what the center answered
	 * @param checksum what the center answered
	 * @param sequence which attempt of the run it was ({@code soak.sequence})
	 * @param startedNanos when the accepted attempt started ({@link System#nanoTime()})
	 * @param answeredNanos when it was answered
	 * @param replica which replica accepted it
	 */
	record Publication(long version, String checksum, long sequence, long startedNanos, long answeredNanos,
			int replica) {
	}

}
