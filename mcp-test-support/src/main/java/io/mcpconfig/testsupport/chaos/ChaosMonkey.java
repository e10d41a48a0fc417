package io.mcpconfig.testsupport.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

import io.mcpconfig.testsupport.center.McpServerProcess;
import io.mcpconfig.testsupport.etcd.EtcdCluster;

/**
 * The faults: at random intervals, {@code kill -9} of a random center replica or of a
 * random etcd member (the two kinds by turns), which is started again after a pause. At most one replica and at
 * most one etcd member are down at a time, so the cluster keeps its quorum and a replica
 * serves: an etcd member is restarted before the next fault, a replica (whose JVM takes
 * seconds to start) on a thread of its own while the faults go on, and no other replica is
 * killed until it is back. Runs on a thread of its own until {@link #stop(Duration)}, which
 * leaves everything running.
 */
final class ChaosMonkey implements Runnable {

	static final String REPLICA = "replica";

	static final String ETCD_MEMBER = "etcd member";

	private final List<McpServerProcess> replicas;

	private final EtcdCluster etcd;

	private final Duration killEvery;

	private final Duration downFor;

	private final Random random;

	private final PrintStream log;

	private final CountDownLatch stopped = new CountDownLatch(1);

	private final CountDownLatch finished = new CountDownLatch(1);

	private final ExecutorService restarter = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "soak-replica-restart");
		thread.setDaemon(true);
		return thread;
	});

	/** The restart of the replica killed last; the chaos thread's only. */
	private Future<?> replicaRestart = CompletableFuture.completedFuture(null);

	private final ConcurrentHashMap<String, LongAdder> kills = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, LongAdder> restartFailures = new ConcurrentHashMap<>();

	private final AtomicIntegerArray replicaKills;

	private final long startNanos = System.nanoTime();

	ChaosMonkey(List<McpServerProcess> replicas, EtcdCluster etcd, Duration killEvery, Duration downFor, Random random,
			PrintStream log) {
		this.replicas = replicas;
		this.etcd = etcd;
		this.killEvery = killEvery;
		this.downFor = downFor;
		this.random = random;
		this.log = log;
		this.replicaKills = new AtomicIntegerArray(replicas.size());
	}

	@Override
	public void run() {
		try {
			boolean replicaNext = this.random.nextBoolean();
			while (!pause(between(this.killEvery.toMillis() / 2, this.killEvery.toMillis() * 3 / 2))) {
				// the kinds take turns, so a short run sees both; a replica waits for the last one's restart
				if (replicaNext && this.replicaRestart.isDone()) {
					killReplica(this.random.nextInt(this.replicas.size()));
				}
				else {
					killEtcdMember(this.random.nextInt(this.etcd.size()));
				}
				replicaNext = !replicaNext;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			awaitReplicaRestart();
			this.restarter.shutdown();
			this.finished.countDown();
		}
	}

	private void killReplica(int replica) throws InterruptedException {
		McpServerProcess process = this.replicas.get(replica);
		note("kill -9 replica " + replica);
		process.kill();
		count(this.kills, REPLICA);
		this.replicaKills.incrementAndGet(replica);
		this.replicaRestart = this.restarter.submit(() -> {
			try {
				pause(this.downFor.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			restart(REPLICA, replica, process::start);
		});
	}

	private void awaitReplicaRestart() {
		try {
			this.replicaRestart.get(3, TimeUnit.MINUTES);
		}
		catch (Exception ex) {
			note("the last replica restart failed: " + ex);
		}
	}

	private void killEtcdMember(int member) throws InterruptedException {
		note("kill -9 etcd member " + member);
		this.etcd.kill(member);
		count(this.kills, ETCD_MEMBER);
		pause(this.downFor.toMillis());
		restart(ETCD_MEMBER, member, () -> this.etcd.start(member));
	}

	/** A restart that fails is counted and tried again: the soak must not end with a process down. */
	private void restart(String kind, int index, Restart restart) {
		for (int attempt = 1;; attempt++) {
			try {
				restart.run();
				note("restarted " + kind + " " + index);
				return;
			}
			catch (Exception ex) {
				count(this.restartFailures, kind);
				note("restart of " + kind + " " + index + " failed (attempt " + attempt + "): " + ex.getMessage());
				if (attempt >= 5) {
					throw new IllegalStateException("could not restart a " + kind, ex);
				}
			}
		}
	}

	/** Waits {@code millis} unless stopped first; answers whether it was stopped. */
	private boolean pause(long millis) throws InterruptedException {
		return this.stopped.await(millis, TimeUnit.MILLISECONDS);
	}

	private long between(long low, long high) {
		return low + (long) (this.random.nextDouble() * (high - low));
	}

	private void note(String what) {
		this.log.printf("[soak %5.1f s] %s%n", (System.nanoTime() - this.startNanos) / 1e9, what);
	}

	private static void count(ConcurrentHashMap<String, LongAdder> counts, String kind) {
		counts.computeIfAbsent(kind, (k) -> new LongAdder()).increment();
	}

	/**
	 * Ends the faults: a process that is down is started again before this returns (the
	 * pause of a fault under way is cut short).
	 */
	void stop(Duration timeout) throws InterruptedException {
		this.stopped.countDown();
		if (!this.finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new IllegalStateException("the chaos loop did not end within " + timeout);
		}
	}

	int killsOf(int replica) {
		return this.replicaKills.get(replica);
	}

	Map<String, Long> kills() {
		return sums(this.kills);
	}

	Map<String, Long> restartFailures() {
		return sums(this.restartFailures);
	}

	private static Map<String, Long> sums(ConcurrentHashMap<String, LongAdder> counts) {
		Map<String, Long> sums = new TreeMap<>();
		counts.forEach((kind, count) -> sums.put(kind, count.sum()));
		return sums;
	}

	@FunctionalInterface
	private interface Restart {

		void run() throws Exception;

	}

}
