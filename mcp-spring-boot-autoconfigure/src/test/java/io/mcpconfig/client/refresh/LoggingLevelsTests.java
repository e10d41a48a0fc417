package io.mcpconfig.client.refresh;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggerConfiguration;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.protocol.v1.Nack;
import io.mcpconfig.protocol.v1.NackCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code logging.level.*} keys set, change and remove logger levels live; a removed level
 * goes back to what the application's own configuration says, as at start-up. Logger
 * names are unique per test: levels live in the JVM's logging system.
 */
class LoggingLevelsTests {

	private final TestConfigServer server = TestConfigServer.start();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void aLevelFollowsTheReleaseAndARemovedOneGoesBackToTheApplicationsOwn() {
		String orders = "io.mcpconfig.levels.Orders";
		String payments = "io.mcpconfig.levels.Payments";
		this.server.setRelease(Map.of("logging.level." + orders, "TRACE"));
		// the application's own configuration, below the config center's
		try (ConfigurableApplicationContext context = TestApp.run(
				TestApp.builder().properties("logging.level." + payments + "=WARN"), this.server.address())) {
			LoggingSystem logging = context.getBean(LoggingSystem.class);
			assertThat(configuredLevel(logging, orders)).isEqualTo(LogLevel.TRACE);
			assertThat(configuredLevel(logging, payments)).isEqualTo(LogLevel.WARN);
			this.server.awaitSubscribed(1);

			this.server.awaitAck(this.server
				.publish(Map.of("logging.level." + orders, "DEBUG", "logging.level." + payments, "ERROR")));
			assertThat(configuredLevel(logging, orders)).isEqualTo(LogLevel.DEBUG);
			assertThat(configuredLevel(logging, payments)).isEqualTo(LogLevel.ERROR);

			this.server.awaitAck(this.server.publish(Map.of("unrelated", "1")));
			// nothing configures Orders any more: it follows its parent again
			assertThat(configuredLevel(logging, orders)).isNull();
			assertThat(configuredLevel(logging, payments)).isEqualTo(LogLevel.WARN);
		}
	}

	@Test
	void aGroupsLevelReachesEveryMemberAndItsRemovalGivesEachItsOwnBack() {
		String cart = "io.mcpconfig.group.Cart";
		String checkout = "io.mcpconfig.group.Checkout";
		this.server.setRelease(Map.of("unrelated", "0"));
		try (ConfigurableApplicationContext context = TestApp.run(TestApp.builder()
			.properties("logging.group.shop=" + cart + "," + checkout, "logging.level." + checkout + "=ERROR"),
				this.server.address())) {
			LoggingSystem logging = context.getBean(LoggingSystem.class);
			this.server.awaitSubscribed(1);

			this.server.awaitAck(this.server.publish(Map.of("logging.level.shop", "DEBUG")));
			assertThat(configuredLevel(logging, cart)).isEqualTo(LogLevel.DEBUG);
			assertThat(configuredLevel(logging, checkout)).isEqualTo(LogLevel.DEBUG);

			this.server.awaitAck(this.server.publish(Map.of("unrelated", "1")));
			assertThat(configuredLevel(logging, cart)).isNull();
			assertThat(configuredLevel(logging, checkout)).isEqualTo(LogLevel.ERROR);
		}
	}

	@Test
	void aRemovedRootLevelGoesBackToTheLevelRootStartedWith() {
		this.server.setRelease(Map.of("unrelated", "0"));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			LoggingSystem logging = context.getBean(LoggingSystem.class);
			LogLevel atStart = logging.getLoggerConfiguration(LoggingSystem.ROOT_LOGGER_NAME).getEffectiveLevel();
			this.server.awaitSubscribed(1);
			try {
				this.server.awaitAck(this.server.publish(Map.of("logging.level.root", "ERROR")));
				assertThat(configuredLevel(logging, LoggingSystem.ROOT_LOGGER_NAME)).isEqualTo(LogLevel.ERROR);

				this.server.awaitAck(this.server.publish(Map.of("unrelated", "1")));
				assertThat(configuredLevel(logging, LoggingSystem.ROOT_LOGGER_NAME)).isEqualTo(atStart);
			}
			finally {
				logging.setLogLevel(LoggingSystem.ROOT_LOGGER_NAME, atStart);
			}
		}
	}

	@Test
	void aValueThatIsNoLevelIsRefusedAndTheLevelStays() {
		String inventory = "io.mcpconfig.levels.Inventory";
		this.server.setRelease(Map.of("logging.level." + inventory, "WARN"));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			LoggingSystem logging = context.getBean(LoggingSystem.class);
			this.server.awaitSubscribed(1);

			Nack nack = this.server.awaitNack(this.server.publish(Map.of("logging.level." + inventory, "LOUD")));

			assertThat(nack.getCode()).isEqualTo(NackCode.APPLY_FAILED);
			assertThat(nack.getReason()).contains("logging.level." + inventory + "=LOUD is not a log level");
			assertThat(configuredLevel(logging, inventory)).isEqualTo(LogLevel.WARN);
		}
	}

	private static LogLevel configuredLevel(LoggingSystem logging, String name) {
		LoggerConfiguration configuration = logging.getLoggerConfiguration(name);
		return (configuration != null) ? configuration.getConfiguredLevel() : null;
	}

}
