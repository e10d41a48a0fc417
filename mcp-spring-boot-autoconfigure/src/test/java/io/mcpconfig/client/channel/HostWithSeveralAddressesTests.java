package io.mcpconfig.client.channel;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.springframework.context.ConfigurableApplicationContext;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestApp.Greeter;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.McpConfigClient;

import static io.mcpconfig.client.TestConfigServer.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host name that stands for several centers, as a Kubernetes headless service names each
 * ready pod: the client tries every address of the name, not only the first, both when
 * one cannot be reached and when one is reached but cannot serve. The name is
 * real to the JDK: this class runs in a JVM of its own whose name service is a hosts file
 * ({@code -Djdk.net.hosts.file}, see the module's pom), where {@value #NAME} is 127.0.0.1
 * and 127.0.0.2.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostWithSeveralAddressesTests {

	private static final String NAME = "centers.mcp.test";

	@TempDir
	Path directory;

	@Test
	void startsOnTheCenterBehindTheNamesSecondAddressWhenNothingListensBehindItsFirst() {
		try (TestConfigServer second = TestConfigServer.startOn("127.0.0.2", 0)) {
			second.setRelease(Map.of("sample.greeting", "from-127.0.0.2"));

			try (ConfigurableApplicationContext context = run(second.port())) {
				assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.REMOTE);
				assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-127.0.0.2");
			}
		}
	}

	@Test
	void startsOnTheNamesNextCenterWhenTheFirstDoesNotAnswerWithinItsShareOfTheTimeout(CapturedOutput output) {
		TestConfigServer hanging = assertTheAppStartsOnTheSecondCenterWhenTheFirst(TestConfigServer::hangFetches);
		assertThat(hanging.unansweredFetches()).isEqualTo(1);
		assertThat(output).contains("(127.0.0.1) cannot serve", "(DEADLINE_EXCEEDED");
	}

	@Test
	void aSessionMovesToTheNamesNextAddressWhenItsCenterDies() {
		assertTheSessionMovesToTheSecondCenterWhenTheFirst(TestConfigServer::close);
	}

	@Test
	void aSessionMovesToTheNamesNextCenterWhenItsCenterLosesItsStore() {
		// the replica loses etcd: its streams end, its connection stays, and it refuses the next
		TestConfigServer refusing = assertTheSessionMovesToTheSecondCenterWhenTheFirst((first) -> {
			first.storeDown();
			first.breakStreams();
		});
		assertThat(refusing.unavailableSubscribes()).isEqualTo(1);
	}

	@Test
	void startsOnTheNamesNextCenterWhenTheFirstCannotReadItsStore(CapturedOutput output) {
		TestConfigServer refusing = assertTheAppStartsOnTheSecondCenterWhenTheFirst(TestConfigServer::storeDown);
		assertThat(refusing.unavailableFetches()).isEqualTo(1);
		assertThat(refusing.subscribes()).isEmpty();
		assertThat(output).contains("MCP Config center " + NAME + ":" + refusing.port() + " (127.0.0.1) cannot serve",
				"trying " + NAME + ":" + refusing.port() + " (127.0.0.2) next");
	}

	/**
	 * An app starts on the center behind the name's second address, and subscribes there,
	 * when the one behind its first fails.
	 * @return the first center, closed
	 */
	private TestConfigServer assertTheAppStartsOnTheSecondCenterWhenTheFirst(Consumer<TestConfigServer> fails) {
		try (TestConfigServer first = TestConfigServer.startOn("127.0.0.1", 0);
				TestConfigServer second = TestConfigServer.startOn("127.0.0.2", first.port())) {
			fails.accept(first);
			second.setRelease(Map.of("sample.greeting", "from-127.0.0.2"));

			try (ConfigurableApplicationContext context = run(first.port())) {
				assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.REMOTE);
				assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-127.0.0.2");
				second.awaitSubscribed(1);
			}
			return first;
		}
	}

	/**
	 * An app on the center behind the name's first address moves to the one behind its
	 * second when the first fails.
	 * @return the first center, closed
	 */
	private TestConfigServer assertTheSessionMovesToTheSecondCenterWhenTheFirst(Consumer<TestConfigServer> fails) {
		try (TestConfigServer first = TestConfigServer.startOn("127.0.0.1", 0);
				TestConfigServer second = TestConfigServer.startOn("127.0.0.2", first.port())) {
			first.setRelease(Map.of("sample.greeting", "from-127.0.0.1"));
			second.setRelease(Map.of("sample.greeting", "from-127.0.0.1"));
			second.setRelease(Map.of("sample.greeting", "from-127.0.0.2"));

			try (ConfigurableApplicationContext context = run(first.port())) {
				first.awaitSubscribed(1);
				assertThat(context.getBean(Greeter.class).greeting()).isEqualTo("from-127.0.0.1");

				fails.accept(first);

				second.awaitSubscribed(1);
				eventually().until(() -> context.getBean(Greeter.class).greeting().equals("from-127.0.0.2"));
			}
			return first;
		}
	}

	private ConfigurableApplicationContext run(int port) {
		return TestApp.run(NAME + ":" + port, "--mcp.client.snapshot-dir=" + this.directory.resolve("snapshots"));
	}

}
