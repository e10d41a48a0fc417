package io.mcpconfig.client.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.protocol.v1.FetchRequest;

import static io.mcpconfig.client.TestConfigServer.unusedPort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

@ExtendWith(OutputCaptureExtension.class)
class McpConfigDataImportTests {

	private final TestConfigServer server = TestConfigServer.start();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void centerPropertiesTakePrecedenceOverTheFileThatImportsThem() {
		this.server.setRelease(Map.of("sample.greeting", "from-center"));
		try (ConfigurableApplicationContext context = TestApp.builder()
			.run("--spring.config.name=precedence", "--mcp.client.server-addresses=" + this.server.address())) {
			ConfigurableEnvironment environment = context.getEnvironment();
			assertThat(environment.getProperty("sample.greeting")).isEqualTo("from-center");
			assertThat(environment.getProperty("sample.only-in-file")).isEqualTo("file");
			List<String> names = StreamSupport.stream(environment.getPropertySources().spliterator(), false)
				.map(PropertySource::getName)
				.toList();
			int center = names.indexOf(TestApp.SOURCE_NAME);
			int file = names.indexOf(names.stream().filter((name) -> name.contains("precedence.yml")).findFirst().get());
			assertThat(center).isNotNegative().isLessThan(file);
		}
	}

	@Test
	void startUpFetchesOnceForTheTargetAndInstanceAndServesItLive() {
		this.server.setRelease(Map.of("sample.greeting", "hello"));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address(),
				"--mcp.client.instance-id=instance-7", "--mcp.client.labels.region=eu")) {
			assertThat(this.server.fetchCount()).isEqualTo(1);
			FetchRequest request = this.server.fetchRequests().get(0);
			assertThat(request.getTarget().getApp()).isEqualTo(TestApp.APP);
			assertThat(request.getTarget().getEnv()).isEqualTo(TestApp.ENV);
			assertThat(request.getInstance().getInstanceId()).isEqualTo("instance-7");
			assertThat(request.getInstance().getLabelsMap()).containsExactly(Map.entry("region", "eu"));
			McpConfigClient client = context.getBean(McpConfigClient.class);
			assertThat(context.getEnvironment().getPropertySources().get(TestApp.SOURCE_NAME))
				.isSameAs(client.propertySource());
			assertThat(client.held().version()).isEqualTo(1);
			assertThat(client.held().source()).isEqualTo(ConfigSource.REMOTE);
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("hello");
		}
	}

	@Test
	void aCenterTooBusyToAnswerIsFetchedFromAgainAfterItsRetryHint(CapturedOutput output) {
		this.server.setRelease(Map.of("sample.greeting", "hello"));
		this.server.refuseFetches(1, Duration.ofMillis(300));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			assertThat(this.server.fetchCount()).isEqualTo(2);
			McpConfigClient client = context.getBean(McpConfigClient.class);
			assertThat(client.held().source()).isEqualTo(ConfigSource.REMOTE);
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("hello");
		}
		assertThat(output).contains("fetching again in 300 ms");
	}

	@Test
	void aRetryHintBeyondTheRequestTimeoutStartsOnWhatIsLocalAtOnce(CapturedOutput output) {
		this.server.setRelease(Map.of("sample.greeting", "hello"));
		this.server.refuseFetches(1, Duration.ofMinutes(1));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address(),
				"--mcp.client.request-timeout=2s")) {
			assertThat(this.server.fetchCount()).isEqualTo(1);
			assertThat(output).doesNotContain("fetching again");
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.EMPTY);
			// the session gets the release once the application is ready
			await().atMost(Duration.ofSeconds(10))
				.until(() -> "hello".equals(context.getEnvironment().getProperty("sample.greeting")));
		}
	}

	@Test
	void theInstanceSendsItsActiveProfilesInActivationOrder() {
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address(),
				"--spring.profiles.active=eu,prod")) {
			assertThat(this.server.fetchRequests().get(0).getInstance().getProfilesList()).containsExactly("eu", "prod");
		}
	}

	/** Boot matches on-profile against the default profiles when none is active: so must the center. */
	@Test
	void anInstanceWithoutActiveProfilesSendsTheDefaultProfiles() {
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			assertThat(this.server.fetchRequests().get(0).getInstance().getProfilesList()).containsExactly("default");
		}
	}

	@Test
	void appAndEnvSettingsChooseTheTarget() {
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address(), "--mcp.client.app=billing",
				"--mcp.client.env=prod")) {
			assertThat(this.server.fetchRequests().get(0).getTarget().getApp()).isEqualTo("billing");
			assertThat(this.server.fetchRequests().get(0).getTarget().getEnv()).isEqualTo("prod");
			assertThat(context.getEnvironment().getPropertySources().contains("mcp:billing/prod")).isTrue();
		}
	}

	@Test
	void optionalImportStartsEmptyWhenTheCenterIsDownEvenWithFailFast(CapturedOutput output) {
		String down = "127.0.0.1:" + unusedPort();
		try (ConfigurableApplicationContext context = TestApp.run(down, "--spring.config.import=optional:mcp:",
				"--mcp.client.fail-fast=true")) {
			HeldConfig held = context.getBean(McpConfigClient.class).held();
			assertThat(held.source()).isEqualTo(ConfigSource.EMPTY);
			assertThat(held.version()).isZero();
			assertThat(context.getEnvironment().getPropertySources().contains(TestApp.SOURCE_NAME)).isTrue();
		}
		assertThat(output).contains("Could not fetch the configuration of test-app/test from MCP Config at [" + down
				+ "]", "Starting with an empty configuration");
	}

	@Test
	void requiredImportWithoutFailFastStartsEmptyWhenTheCenterIsDown(CapturedOutput output) {
		try (ConfigurableApplicationContext context = TestApp.run("127.0.0.1:" + unusedPort())) {
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.EMPTY);
		}
		assertThat(output).contains("Starting with an empty configuration");
	}

	@Test
	void releasesBeyondGrpcsDefaultMessageSizeAreFetchedAndPushed() {
		// 6 MB in UTF-8, past gRPC's 4 MiB default: a center takes it with a higher mcp.server.limits.max-release-size
		this.server.setRelease(largeRelease("first"));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			McpConfigClient client = context.getBean(McpConfigClient.class);
			assertThat(client.held().source()).isEqualTo(ConfigSource.REMOTE);
			assertThat(context.getEnvironment().getProperty("large.key-1999")).startsWith("first");
			this.server.publish(largeRelease("second"));
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(context.getEnvironment().getProperty("large.key-1999"))
					.startsWith("second"));
		}
	}

	/** 2 000 values of 1 000 characters of 3 bytes each in UTF-8. */
	private static Map<String, String> largeRelease(String prefix) {
		Map<String, String> properties = new HashMap<>();
		String value = prefix + "\u914d".repeat(1000 - prefix.length());
		for (int i = 0; i < 2000; i++) {
			properties.put("large.key-" + i, value);
		}
		return properties;
	}

	@Test
	void failFastStopsTheStartUpNamingTheAddressesTried(CapturedOutput output) {
		String down = "127.0.0.1:" + unusedPort();
		String alsoDown = "127.0.0.1:" + unusedPort();
		assertThatExceptionOfType(ConfigFetchException.class)
			.isThrownBy(() -> TestApp.run(down + "," + alsoDown, "--mcp.client.fail-fast=true"))
			.withMessageStartingWith(
					"Could not fetch the configuration of test-app/test from MCP Config at [" + down + ", " + alsoDown + "]")
			.withMessageContaining("UNAVAILABLE");
		assertThat(output).contains("APPLICATION FAILED TO START",
				"Check that MCP Config is running and that mcp.client.server-addresses", "mcp.client.fail-fast=false",
				"\"optional:mcp:\"");
	}

	@Test
	void missingImportFailsTheStartUpWithTheLineToAdd(CapturedOutput output) {
		assertThatExceptionOfType(MissingImportException.class)
			.isThrownBy(() -> TestApp.builder().run("--spring.application.name=" + TestApp.APP));
		assertThat(output).contains("APPLICATION FAILED TO START",
				"spring.config.import does not import \"mcp:\"", "    spring.config.import: \"mcp:\"",
				"mcp.client.enabled=false");
	}

	@Test
	void importInTheApplicationsFileStartsWithSpringCloudsLegacyBootstrapContext() {
		// the bootstrap application reads bootstrap.yml, which does not import mcp:
		this.server.setRelease(Map.of("sample.greeting", "from-center"));
		try (ConfigurableApplicationContext context = TestApp.builder()
			.run("--spring.config.name=precedence", "--mcp.client.server-addresses=" + this.server.address(),
					"--spring.cloud.bootstrap.enabled=true")) {
			assertThat(context.getParent()).as("bootstrap context").isNotNull();
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-center");
		}
	}

	@Test
	void missingImportFailsTheStartUpWithSpringCloudsLegacyBootstrapContext(CapturedOutput output) {
		assertThatExceptionOfType(MissingImportException.class).isThrownBy(() -> TestApp.builder()
			.run("--spring.application.name=" + TestApp.APP, "--spring.cloud.bootstrap.enabled=true"));
		assertThat(output).contains("APPLICATION FAILED TO START", "spring.config.import does not import \"mcp:\"");
	}

	@Test
	void disabledClientNeedsNoImport() {
		try (ConfigurableApplicationContext context = TestApp.builder()
			.run("--spring.application.name=" + TestApp.APP, "--mcp.client.enabled=false")) {
			assertThat(context.getBeansOfType(McpConfigClient.class)).isEmpty();
		}
	}

	@Test
	void disabledClientIgnoresTheImport() {
		this.server.setRelease(Map.of("sample.greeting", "from-center"));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address(),
				"--mcp.client.enabled=false")) {
			assertThat(context.getBeansOfType(McpConfigClient.class)).isEmpty();
			assertThat(context.getEnvironment().getPropertySources().contains(TestApp.SOURCE_NAME)).isFalse();
			assertThat(this.server.fetchCount()).isZero();
		}
	}

	@Test
	void unreachableFirstAddressFailsOverToTheNext() {
		this.server.setRelease(Map.of("sample.greeting", "from-second"));
		try (ConfigurableApplicationContext context = TestApp
			.run("127.0.0.1:" + unusedPort() + "," + this.server.address(), "--mcp.client.fail-fast=true")) {
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-second");
		}
	}

	@Test
	void blackholedFirstAddressFailsOverToTheNextWithinTheStartUpDeadline() throws IOException {
		assertStartsFromTheSecondAddressWithinTheDeadline();
	}

	@Test
	void aConnectTimeoutLongerThanItsShareOfTheDeadlineStillLetsTheStartUpReachTheLastAddress() throws IOException {
		assertStartsFromTheSecondAddressWithinTheDeadline("--mcp.client.connect-timeout=5s");
	}

	private void assertStartsFromTheSecondAddressWithinTheDeadline(String... extraArgs) throws IOException {
		this.server.setRelease(Map.of("sample.greeting", "from-second"));
		List<String> args = new ArrayList<>(List.of("--mcp.client.fail-fast=true", "--mcp.client.request-timeout=5s"));
		args.addAll(List.of(extraArgs));
		try (BlackholedAddress blackhole = BlackholedAddress.open()) {
			long started = System.nanoTime();
			try (ConfigurableApplicationContext context = TestApp.run(blackhole.address() + "," + this.server.address(),
					args.toArray(String[]::new))) {
				Duration took = Duration.ofNanos(System.nanoTime() - started);
				assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.REMOTE);
				assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("from-second");
				assertThat(took).isLessThan(Duration.ofSeconds(5));
			}
		}
	}

	@Test
	void badServerAddressIsReportedWithItsPropertyAndIndex() {
		assertThatIllegalArgumentException().isThrownBy(() -> TestApp.run(this.server.address() + ",nonsense"))
			.withMessage("mcp.client.server-addresses[1]: 'nonsense' is not host:port");
	}

	@Test
	void missingApplicationNameIsReported() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TestApp.builder()
				.run("--spring.config.import=mcp:", "--mcp.client.server-addresses=" + this.server.address()))
			.withMessageContaining("set spring.application.name or mcp.client.app");
	}

	@Test
	void anEnvThatIsNoTargetNameIsReportedWithItsSetting() {
		assertThatIllegalArgumentException().isThrownBy(() -> TestApp.run(this.server.address(), "--mcp.client.env=my env"))
			.withMessage("mcp.client.env 'my env' is not allowed: use 1 to 128 of the characters A-Z a-z 0-9 . _ -");
	}

	@Test
	void anAppThatIsNoTargetNameIsReportedWithTheSettingItCameFrom() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TestApp.run(this.server.address(), "--spring.application.name=orders/v2"))
			.withMessageStartingWith("spring.application.name 'orders/v2' is not allowed");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TestApp.run(this.server.address(), "--mcp.client.app=.."))
			.withMessage("mcp.client.app '..' is not allowed: . and .. name directories");
	}

	@Test
	void aLocationAfterThePrefixIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TestApp.run(this.server.address(), "--spring.config.import=mcp:localhost:9090"))
			.withMessageContaining("import \"mcp:\" and set the server with mcp.client.server-addresses");
	}

	@Test
	void refreshServesTheHeldConfigurationWithoutFetchingAgain() {
		this.server.setRelease(Map.of("sample.greeting", "v1"));
		try (ConfigurableApplicationContext context = TestApp.run(this.server.address())) {
			McpConfigClient client = context.getBean(McpConfigClient.class);
			await().until(() -> this.server.openSessions() == 1);
			this.server.publish(Map.of("sample.greeting", "v2"));
			await().until(() -> "v2".equals(context.getEnvironment().getProperty("sample.greeting")));

			context.getBean(ContextRefresher.class).refresh();

			assertThat(this.server.fetchCount()).isEqualTo(1);
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("v2");
			assertThat(context.getEnvironment().getPropertySources().get(TestApp.SOURCE_NAME))
				.isSameAs(client.propertySource());
			assertThat(context.getBean(TestApp.Greeter.class).greeting()).isEqualTo("v2");
		}
	}

	/**
	 * A loopback address whose SYNs are dropped, like a server with a full listen backlog:
	 * a listener with a backlog of one that never accepts, its queue filled by plain
	 * sockets, so a further connect neither succeeds nor is refused.
	 */
	private record BlackholedAddress(ServerSocket listener, List<Socket> fillers) implements AutoCloseable {

		static BlackholedAddress open() throws IOException {
			ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
			List<Socket> fillers = new ArrayList<>();
			InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
			BlackholedAddress blackholed = new BlackholedAddress(listener, fillers);
			try {
				// Linux queues backlog + 1 connections; connect until one hangs, so the queue is full.
				while (fillers.size() < 8) {
					Socket socket = new Socket();
					try {
						socket.connect(address, 300);
						fillers.add(socket);
					}
					catch (SocketTimeoutException ex) {
						socket.close();
						return blackholed;
					}
				}
				throw new IllegalStateException("Connects to a full backlog are not dropped here");
			}
			catch (IOException | RuntimeException ex) {
				blackholed.close();
				throw ex;
			}
		}

		String address() {
			return "127.0.0.1:" + this.listener.getLocalPort();
		}

		@Override
		public void close() throws IOException {
			for (Socket socket : this.fillers) {
				socket.close();
			}
			this.listener.close();
		}

	}

}
