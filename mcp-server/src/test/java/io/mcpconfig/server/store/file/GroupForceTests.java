package io.mcpconfig.server.store.file;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Group commit: who forces, who waits, and what a failed or replaced force means. */
class GroupForceTests {

	private final GroupForce forces = new GroupForce();

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<Thread> waiting = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() throws InterruptedException {
		this.threads.shutdownNow();
		assertThat(this.threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void appendsWrittenDuringAForceShareTheNextOne() throws Exception {
		CountDownLatch firstForceMayEnd = new CountDownLatch(1);
		AtomicInteger forcesRun = new AtomicInteger();
		GroupForce.Force force = () -> {
			if (forcesRun.incrementAndGet() == 1) {
				hold(firstForceMayEnd);
			}
			return true;
		};
		long first = this.forces.written();
		Future<?> leader = awaitForced(first, force);
		await().atMost(Duration.ofSeconds(10)).until(() -> forcesRun.get() == 1);
		List<Future<?>> followers = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			followers.add(awaitForced(this.forces.written(), force));
		}
		// every follower waits for the force in progress, none runs its own
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.waiting.size() == 9
					&& this.waiting.subList(1, 9).stream().allMatch((t) -> t.getState() == Thread.State.WAITING));
		assertThat(forcesRun).hasValue(1);

		firstForceMayEnd.countDown();
		leader.get(10, TimeUnit.SECONDS);
		for (Future<?> follower : followers) {
			follower.get(10, TimeUnit.SECONDS);
		}
		// the first force covered only the first append (the others came after it began),
		// one more covered all eight
		assertThat(forcesRun).hasValue(2);
	}

	@Test
	void anAppendAlreadyCoveredByAForceDoesNotForceAgain() throws Exception {
		AtomicInteger forcesRun = new AtomicInteger();
		long first = this.forces.written();
		long second = this.forces.written();
		this.forces.awaitForced(second, () -> forcesRun.incrementAndGet() > 0);
		this.forces.awaitForced(first, () -> forcesRun.incrementAndGet() > 0);
		assertThat(forcesRun).hasValue(1);
	}

	@Test
	void aFailedForceFailsTheOneWhoRanItAndTheOthersForceAgain() throws Exception {
		CountDownLatch failingForceMayEnd = new CountDownLatch(1);
		AtomicInteger forcesRun = new AtomicInteger();
		GroupForce.Force force = () -> {
			if (forcesRun.incrementAndGet() == 1) {
				hold(failingForceMayEnd);
				throw new IOException("disk on fire");
			}
			return true;
		};
		Future<?> leader = awaitForced(this.forces.written(), force);
		await().atMost(Duration.ofSeconds(10)).until(() -> forcesRun.get() == 1);
		Future<?> follower = awaitForced(this.forces.written(), force);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.waiting.size() == 2 && this.waiting.get(1).getState() == Thread.State.WAITING);

		failingForceMayEnd.countDown();
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> leader.get(10, TimeUnit.SECONDS))
			.havingRootCause()
			.isInstanceOf(IOException.class)
			.withMessage("disk on fire");
		follower.get(10, TimeUnit.SECONDS);
		assertThat(forcesRun).hasValue(2);
	}

	@Test
	void aFileReplacedByAForcedCopyCoversEverythingWrittenBeforeIt() throws Exception {
		long number = this.forces.written();
		AtomicInteger forcesRun = new AtomicInteger();
		this.forces.awaitForced(number, () -> {
			forcesRun.incrementAndGet();
			// the file was replaced while forcing: its copy holds the append
			this.forces.allForced();
			return false;
		});
		assertThat(forcesRun).hasValue(1);
	}

	/** A force that lasts until the test lets it end. */
	private static void hold(CountDownLatch mayEnd) throws IOException {
		try {
			mayEnd.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new InterruptedIOException("interrupted while forcing");
		}
	}

	private Future<?> awaitForced(long number, GroupForce.Force force) {
		CountDownLatch started = new CountDownLatch(1);
		Future<?> future = this.threads.submit(() -> {
			this.waiting.add(Thread.currentThread());
			started.countDown();
			this.forces.awaitForced(number, force);
			return null;
		});
		try {
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		return future;
	}

}
