package io.mcpconfig.server.instance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.mcpconfig.server.release.Target;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalInstanceRegistryTests {

	private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

	private final LocalInstanceRegistry registry = new LocalInstanceRegistry();

	private static Instance instance(String app, String id, Instant connectedSince) {
		return new Instance(id, "host", app, "dev", Map.of("region", "us-west"), List.of(), "1.0", "server-a",
				Instance.Status.ACKED, 1, 0, "", connectedSince, connectedSince, "127.0.0.1", "client", null);
	}

	@Test
	void listsTheInstancesOfATargetByIdAndNoOthers() {
		registry.put(instance("orders", "b", T0));
		registry.put(instance("orders", "a", T0));
		registry.put(instance("billing", "c", T0));
		assertThat(registry.list(new Target("orders", "dev"))).extracting(Instance::instanceId).containsExactly("a", "b");
		assertThat(registry.list(new Target("orders", "prod"))).isEmpty();
	}

	@Test
	void findsOneInstanceOfATargetByItsId() {
		Instance a = instance("orders", "a", T0);
		registry.put(a);
		registry.put(instance("orders", "b", T0));
		assertThat(registry.find(new Target("orders", "dev"), "a")).contains(a);
		assertThat(registry.find(new Target("orders", "dev"), "c")).isEmpty();
		assertThat(registry.find(new Target("billing", "dev"), "a")).isEmpty();
		registry.remove(a);
		assertThat(registry.find(new Target("orders", "dev"), "a")).isEmpty();
	}

	@Test
	void putReplacesTheRecordOfTheSameInstance() {
		Instance connected = instance("orders", "a", T0);
		registry.put(connected);
		registry.put(connected.nacked(2, "bad value", T0.plusSeconds(5)));
		assertThat(registry.list(new Target("orders", "dev"))).singleElement().satisfies((i) -> {
			assertThat(i.status()).isEqualTo(Instance.Status.NACKED);
			assertThat(i.nackedVersion()).isEqualTo(2);
			assertThat(i.nackReason()).isEqualTo("bad value");
			assertThat(i.ackedVersion()).isEqualTo(1);
			assertThat(i.lastHeartbeat()).isEqualTo(T0.plusSeconds(5));
		});
	}

	@Test
	void removeTakesOutTheSessionsOwnRecordEvenAfterItChanged() {
		Instance connected = instance("orders", "a", T0);
		registry.put(connected);
		registry.put(connected.heardFrom(T0.plusSeconds(5)));
		registry.remove(connected);
		assertThat(registry.list(new Target("orders", "dev"))).isEmpty();
	}

	@Test
	void oldSessionEndingDoesNotRemoveTheInstancesNewerSession() {
		Instance oldSession = instance("orders", "a", T0);
		Instance newSession = instance("orders", "a", T0.plusSeconds(30));
		registry.put(oldSession);
		registry.put(newSession);
		registry.remove(oldSession);
		assertThat(registry.list(new Target("orders", "dev"))).containsExactly(newSession);
	}

	@Test
	void lingeringOldSessionDoesNotOverwriteOrRemoveTheNewerSession() {
		Instance oldSession = instance("orders", "a", T0);
		Instance newSession = instance("orders", "a", T0.plusSeconds(30));
		registry.put(oldSession);
		registry.put(newSession);
		registry.put(oldSession.nacked(2, "late answer", T0.plusSeconds(31)));
		assertThat(registry.list(new Target("orders", "dev"))).containsExactly(newSession);
		registry.remove(oldSession);
		assertThat(registry.list(new Target("orders", "dev"))).containsExactly(newSession);
	}

	@Test
	void sessionsComingAndGoingOnManyThreadsLeaveExactlyTheLiveOnesListed() throws Exception {
		int threads = 8;
		int perThread = 2000;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				done.add(pool.submit(() -> {
					// each thread's instances come and go; the even ones stay, as the last heartbeat of a live session
					for (int i = 0; i < perThread; i++) {
						Instance session = instance("orders", "t" + thread + "-" + i, T0);
						registry.put(session);
						registry.put(session.heardFrom(T0.plusSeconds(1)));
						if (i % 2 == 1) {
							registry.remove(session);
						}
					}
				}));
			}
			for (Future<?> future : done) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(registry.list(new Target("orders", "dev"))).hasSize(threads * perThread / 2)
			.allSatisfy((instance) -> assertThat(Integer.parseInt(instance.instanceId().split("-")[1]) % 2).isZero());
	}

}
