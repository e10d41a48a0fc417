package io.mcpconfig.client.session;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.refresh.ApplyStage;
import io.mcpconfig.client.refresh.ApplyTimings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link SyncObserver} is told, with each applied release, when the release reached each
 * stage of being applied, in the order the client goes through them; an observer that
 * only knows {@code applied(HeldConfig)} is still told.
 */
class ApplyTimingsTests {

	private final TestConfigServer server = TestConfigServer.start();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void everyStageOfAnAppliedReleaseIsTimedInOrder() {
		this.server.setRelease(Map.of("sample.greeting", "hello"));
		try (ConfigurableApplicationContext context = TestApp.run(TestApp.builder().sources(Observers.class),
				this.server.address())) {
			this.server.awaitSubscribed(1);
			long beforePublish = System.nanoTime();

			this.server.awaitAck(this.server.publish(Map.of("sample.greeting", "hi")));

			TimedObserver timed = context.getBean(TimedObserver.class);
			TestConfigServer.eventually().until(() -> timed.applied.size() == 1);
			ApplyTimings timings = timed.applied.get(0);
			List<Long> inOrder = Arrays.stream(ApplyStage.values()).map(timings::nanos).toList();
			assertThat(inOrder).isSorted();
			assertThat(inOrder.get(0)).isGreaterThan(beforePublish);
			assertThat(inOrder.get(inOrder.size() - 1)).isLessThan(System.nanoTime());
			TestConfigServer.eventually().until(() -> context.getBean(UntimedObserver.class).versions.contains(2L));
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Observers {

		@Bean
		TimedObserver timedObserver() {
			return new TimedObserver();
		}

		@Bean
		UntimedObserver untimedObserver() {
			return new UntimedObserver();
		}

	}

	static class TimedObserver implements SyncObserver {

		final List<ApplyTimings> applied = new CopyOnWriteArrayList<>();

		@Override
		public void applied(HeldConfig applied, ApplyTimings timings) {
			this.applied.add(timings);
		}

	}

	static class UntimedObserver implements SyncObserver {

		final List<Long> versions = new CopyOnWriteArrayList<>();

		@Override
		public void applied(HeldConfig applied) {
			this.versions.add(applied.version());
		}

	}

}
