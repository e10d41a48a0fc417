package io.mcpconfig.client.session;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.event.PropertyChange;
import io.mcpconfig.client.validation.ConfigChangeValidator;
import io.mcpconfig.protocol.v1.ConfigUpdate;
import io.mcpconfig.protocol.v1.Nack;
import io.mcpconfig.protocol.v1.NackCode;

import static io.mcpconfig.client.TestConfigServer.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Errors, not exceptions, thrown by the application's validators, listeners and sync
 * observers: every update is still answered and the session keeps running.
 */
class UnexpectedFailureTests {

	private static final String VALIDATOR_ERROR = "validator-error";

	private static final String LISTENER_ERROR = "listener-error";

	private final TestConfigServer server = TestConfigServer.start();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void anErrorFromAValidatorIsNackedWithItsReason() {
		this.server.setRelease(Map.of("sample.greeting", "hello"));
		try (ConfigurableApplicationContext context = run()) {
			this.server.awaitSubscribed(1);
			ConfigUpdate update = this.server.publish(Map.of("sample.greeting", VALIDATOR_ERROR));

			Nack nack = this.server.awaitNack(update);
			assertThat(nack.getCode()).isEqualTo(NackCode.APPLY_FAILED);
			assertThat(nack.getReason()).contains("java.lang.AssertionError", "validators must not fail like this");
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("hello");

			this.server.awaitAck(this.server.publish(Map.of("sample.greeting", "next")));
		}
	}

	@Test
	void anErrorFromAChangeListenerLeavesTheReleaseAppliedAndAcked() {
		this.server.setRelease(Map.of("sample.greeting", "hello"));
		try (ConfigurableApplicationContext context = run()) {
			this.server.awaitSubscribed(1);
			ConfigUpdate update = this.server.publish(Map.of("sample.greeting", LISTENER_ERROR));

			this.server.awaitAck(update);
			assertThat(context.getBean(FailingListener.class).failed()).isTrue();
			assertThat(this.server.nacks()).isEmpty();
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo(LISTENER_ERROR);
		}
	}

	@Test
	void anErrorFromASyncObserverDoesNotStopTheHeartbeats() {
		this.server.setRelease(Map.of("sample.greeting", "hello"));
		try (ConfigurableApplicationContext context = run()) {
			this.server.awaitSubscribed(1);
			// The heartbeat task closes the silent stream and tells the observers, which throw.
			this.server.ignoreHeartbeats();

			this.server.awaitSubscribed(2);
			assertThat(context.getBean(FailingObserver.class).failed()).isTrue();
			int heartbeats = this.server.heartbeats().size();
			eventually().until(() -> this.server.heartbeats().size() > heartbeats + 1);
		}
	}

	private ConfigurableApplicationContext run() {
		return TestApp.run(TestApp.builder().sources(Failing.class), this.server.address());
	}

	@Configuration(proxyBeanMethods = false)
	static class Failing {

		@Bean
		ConfigChangeValidator failingValidator() {
			return (proposed) -> {
				PropertyChange greeting = proposed.getChanges().get("sample.greeting");
				if (greeting != null && VALIDATOR_ERROR.equals(greeting.newValue())) {
					throw new AssertionError("validators must not fail like this");
				}
			};
		}

		@Bean
		FailingListener failingListener() {
			return new FailingListener();
		}

		@Bean
		FailingObserver failingObserver() {
			return new FailingObserver();
		}

	}

	// An ApplicationListener, not an @EventListener method: Spring wraps what such a
	// method throws in an UndeclaredThrowableException, while this Error arrives as it is.
	static class FailingListener implements ApplicationListener<ConfigChangeEvent> {

		private final AtomicBoolean failed = new AtomicBoolean();

		@Override
		public void onApplicationEvent(ConfigChangeEvent event) {
			PropertyChange greeting = event.getChanges().get("sample.greeting");
			if (greeting != null && LISTENER_ERROR.equals(greeting.newValue())) {
				this.failed.set(true);
				throw new AssertionError("listeners must not fail like this");
			}
		}

		boolean failed() {
			return this.failed.get();
		}

	}

	/** Throws an error whenever a stream is closed. */
	static class FailingObserver implements SyncObserver {

		private final AtomicBoolean failed = new AtomicBoolean();

		@Override
		public void disconnected(String reason) {
			this.failed.set(true);
			throw new AssertionError("observers must not fail like this");
		}

		boolean failed() {
			return this.failed.get();
		}

	}

}
