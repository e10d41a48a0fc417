package io.mcpconfig.client.refresh;

import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestApp.SampleProperties;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.refresh.WrappedBeansApp.AdvisedProperties;
import io.mcpconfig.client.refresh.WrappedBeansApp.Named;
import io.mcpconfig.protocol.v1.Nack;
import io.mcpconfig.protocol.v1.NackCode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refresh in an application whose beans are wrapped by other libraries: a change is
 * applied to the beans it concerns and never refused because of a bean it does not
 * concern; a wrapped bean it does concern is left for the next start with a log line;
 * a value no bean could bind is still refused before anything changes.
 */
@ExtendWith(OutputCaptureExtension.class)
class WrappedBeansTests {

	private final TestConfigServer server = TestConfigServer.start();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void aChangeOfOtherKeysNeverTouchesTheWrappedDataSource() throws Exception {
		this.server.setRelease(Map.of("sample.greeting", "one", "logging.level.io.mcpconfig.wrapped", "INFO"));
		try (ConfigurableApplicationContext context = run()) {
			DataSource dataSource = context.getBean(DataSource.class);
			assertThat(dataSource).isInstanceOf(ProxyDataSource.class);
			assertThat(WrappedBeansApp.selectOne(dataSource)).isOne();
			this.server.awaitSubscribed(1);

			this.server.awaitAck(this.server.publish(Map.of("sample.greeting", "two")));
			this.server.awaitAck(this.server.publish(Map.of("sample.greeting", "two",
					"logging.level.io.mcpconfig.wrapped", "DEBUG")));

			assertThat(context.getBean(SampleProperties.class).getGreeting()).isEqualTo("two");
			assertThat(WrappedBeansApp.selectOne(dataSource)).isOne();
			assertThat(this.server.nacks()).isEmpty();
		}
	}

	@Test
	void aChangeUnderTheWrappedDataSourceIsKeptForTheNextStartNotRefused(CapturedOutput output) throws Exception {
		this.server.setRelease(Map.of("spring.datasource.hikari.maximum-pool-size", "4"));
		try (ConfigurableApplicationContext context = run()) {
			DataSource dataSource = context.getBean(DataSource.class);
			HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
			assertThat(pool.getMaximumPoolSize()).isEqualTo(4);
			this.server.awaitSubscribed(1);

			this.server.awaitAck(this.server.publish(Map.of("spring.datasource.hikari.maximum-pool-size", "6")));

			assertThat(context.getEnvironment().getProperty("spring.datasource.hikari.maximum-pool-size")).isEqualTo("6");
			assertThat(pool.isClosed()).isFalse();
			assertThat(WrappedBeansApp.selectOne(dataSource)).isOne();
			assertThat(output).contains("Not rebinding @ConfigurationProperties bean 'dataSource' (the bean is "
					+ "ProxyDataSource, which wraps its HikariDataSource)");
		}
	}

	@Test
	void aValueTheWrappedDataSourceCouldNotBindIsStillRefused() throws Exception {
		this.server.setRelease(Map.of("spring.datasource.hikari.maximum-pool-size", "4"));
		try (ConfigurableApplicationContext context = run()) {
			this.server.awaitSubscribed(1);

			Nack nack = this.server
				.awaitNack(this.server.publish(Map.of("spring.datasource.hikari.maximum-pool-size", "many")));

			assertThat(nack.getCode()).isEqualTo(NackCode.APPLY_FAILED);
			assertThat(nack.getReason()).contains("spring.datasource.hikari.maximum-pool-size=many")
				.contains("'dataSource' (HikariDataSource)");
			assertThat(context.getEnvironment().getProperty("spring.datasource.hikari.maximum-pool-size")).isEqualTo("4");
		}
	}

	@Test
	void aBeanReplacedByAJdkProxyIsSkippedWhileTheOthersOfTheSameChangeAreRebound(CapturedOutput output) {
		this.server.setRelease(Map.of("wrapped.name", "a", "sample.greeting", "one"));
		try (ConfigurableApplicationContext context = run()) {
			Named wrapped = context.getBean("wrappedProperties", Named.class);
			assertThat(wrapped.getName()).isEqualTo("a");
			this.server.awaitSubscribed(1);

			this.server.awaitAck(this.server.publish(Map.of("wrapped.name", "b", "sample.greeting", "two")));

			assertThat(context.getBean(SampleProperties.class).getGreeting()).isEqualTo("two");
			assertThat(wrapped.getName()).isEqualTo("a");
			assertThat(output).contains("Not rebinding @ConfigurationProperties bean 'wrappedProperties' (the bean is a JDK proxy, "
					+ "which wraps its WrappedBeansApp.NamedProperties)");
		}
	}

	@Test
	void aBeanAdvisedBySpringAopIsReboundThroughItsTarget() {
		this.server.setRelease(Map.of("advised.name", "a"));
		try (ConfigurableApplicationContext context = run()) {
			AdvisedProperties advised = context.getBean(AdvisedProperties.class);
			assertThat(advised.getClass()).isNotEqualTo(AdvisedProperties.class);
			assertThat(advised.getName()).isEqualTo("a");
			this.server.awaitSubscribed(1);

			this.server.awaitAck(this.server.publish(Map.of("advised.name", "b")));

			assertThat(advised.getName()).isEqualTo("b");
		}
	}

	private ConfigurableApplicationContext run() {
		return TestApp.run(TestApp.builder().sources(WrappedBeansApp.class), this.server.address());
	}

}
