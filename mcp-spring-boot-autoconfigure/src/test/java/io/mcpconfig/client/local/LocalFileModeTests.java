package io.mcpconfig.client.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestApp.ChangeEvents;
import io.mcpconfig.client.TestApp.Greeter;
import io.mcpconfig.client.TestApp.SampleProperties;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.event.ChangeType;
import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.event.PropertyChange;
import io.mcpconfig.client.session.SyncSession;

import static io.mcpconfig.client.TestConfigServer.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@code mcp.client.local-file}: a YAML file served and hot-reloaded with no config
 * center at all.
 */
@ExtendWith(OutputCaptureExtension.class)
class LocalFileModeTests {

	private static final String V1 = """
			sample:
			  greeting: hello
			  max-connections: 5
			""";

	// A live center, to prove that local-file mode never talks to it.
	private final TestConfigServer server = TestConfigServer.start();

	@TempDir
	Path directory;

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void servesTheFileWithoutTouchingTheNetwork() throws IOException {
		write(V1);
		try (ConfigurableApplicationContext context = run()) {
			McpConfigClient client = context.getBean(McpConfigClient.class);
			HeldConfig held = client.held();
			assertThat(held.source()).isEqualTo(ConfigSource.LOCAL_FILE);
			assertThat(held.version()).isEqualTo(1);
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("hello");
			assertThat(context.getBean(SampleProperties.class).getMaxConnections()).isEqualTo(5);
			assertThat(context.getEnvironment().getPropertySources().get(TestApp.SOURCE_NAME))
				.isSameAs(client.propertySource());
			assertThat(client.servesLocalFile()).isTrue();
			assertThatIllegalStateException().isThrownBy(client::channel);
			assertThat(context.getBeansOfType(SyncSession.class)).isEmpty();
			assertThat(context.getBean(LocalFileWatcher.class).isRunning()).isTrue();
			assertThat(TestApp.liveThreads(SyncSession.THREAD_NAME_PREFIX)).isEmpty();
		}
		assertThat(this.server.fetchCount()).isZero();
		assertThat(this.server.subscribes()).isEmpty();
	}

	@Test
	void editInPlaceIsAppliedAsTheNextLocalVersion() throws IOException {
		write(V1);
		try (ConfigurableApplicationContext context = run()) {
			write("""
					sample:
					  greeting: edited
					  max-connections: 5
					extra: x
					""");

			// The environment changes first, then the event is published, then beans refresh.
			eventually().untilAsserted(() -> {
				assertThat(context.getBean(SampleProperties.class).getGreeting()).isEqualTo("edited");
				assertThat(context.getBean(Greeter.class).greeting()).isEqualTo("edited");
			});
			assertThat(context.getEnvironment().getProperty("extra")).isEqualTo("x");
			ConfigChangeEvent event = context.getBean(ChangeEvents.class).last();
			assertThat(event.getOldVersion()).isEqualTo(1);
			assertThat(event.getNewVersion()).isEqualTo(2);
			assertThat(event.getConfigSource()).isEqualTo(ConfigSource.LOCAL_FILE);
			assertThat(event.getChanges()).containsOnly(
					Map.entry("extra", new PropertyChange("extra", null, "x", ChangeType.ADDED)),
					Map.entry("sample.greeting", new PropertyChange("sample.greeting", "hello", "edited",
							ChangeType.MODIFIED)));
			assertThat(context.getBean(ChangeEvents.class).all()).hasSize(1);
			assertThat(context.getBean(McpConfigClient.class).held().version()).isEqualTo(2);
		}
	}

	@Test
	void replacementByRenameIsApplied() throws IOException {
		write(V1);
		try (ConfigurableApplicationContext context = run()) {
			Path aside = Files.writeString(this.directory.resolve(".config.yaml.swp"),
					V1.replace("hello", "renamed"));
			Files.move(aside, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

			eventually().untilAsserted(
					() -> assertThat(context.getBean(SampleProperties.class).getGreeting()).isEqualTo("renamed"));
			assertThat(context.getBean(ChangeEvents.class).all()).singleElement()
				.satisfies((event) -> assertThat(event.getNewVersion()).isEqualTo(2));
		}
	}

	@Test
	void kubernetesStyleSwapOfASymbolicLinkIsApplied() throws IOException {
		// A ConfigMap volume: config.yaml -> ..data/config.yaml, ..data -> ..<timestamp>;
		// an update writes a new timestamped directory and renames a new ..data link over the old.
		Path first = Files.createDirectory(this.directory.resolve("..2025_01"));
		Files.writeString(first.resolve("config.yaml"), V1);
		Files.createSymbolicLink(this.directory.resolve("..data"), first.getFileName());
		Files.createSymbolicLink(file(), Path.of("..data", "config.yaml"));
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("hello");
			Path second = Files.createDirectory(this.directory.resolve("..2025_02"));
			Files.writeString(second.resolve("config.yaml"), V1.replace("hello", "from the new ConfigMap"));
			Path link = Files.createSymbolicLink(this.directory.resolve("..data_tmp"), second.getFileName());
			Files.move(link, this.directory.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
					StandardCopyOption.REPLACE_EXISTING);

			awaitGreeting(context, "from the new ConfigMap");
		}
	}

	@Test
	void invalidYamlKeepsTheConfigurationAndSaysWhere(CapturedOutput output) throws IOException {
		write(V1);
		try (ConfigurableApplicationContext context = run()) {
			write("""
					sample:
					  greeting: broken
					   max-connections: 5
					""");

			eventually().until(() -> output.toString()
				.contains("The local file " + file() + " (mcp.client.local-file) is not valid YAML: line 3, column 19: "
						+ "mapping values are not allowed here; keeping version 1"));
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("hello");
			assertThat(context.getBean(ChangeEvents.class).all()).isEmpty();

			write(V1.replace("hello", "fixed"));
			awaitGreeting(context, "fixed");
			assertThat(context.getBean(McpConfigClient.class).held().version()).isEqualTo(2);
			assertThat(output.toString().split("is not valid YAML", -1)).as("warned once").hasSize(2);
		}
	}

	@Test
	void aValueThatIsNotAScalarKeepsTheConfigurationAndNamesItsKey(CapturedOutput output) throws IOException {
		write(V1);
		try (ConfigurableApplicationContext context = run()) {
			write(V1 + "blob: !!binary aGVsbG8=\n");

			eventually().until(() -> output.toString()
				.contains("The local file " + file() + " (mcp.client.local-file) has a value of type byte[] at blob: "
						+ "only strings, numbers and booleans can be served; keeping version 1"));
			assertThat(context.getEnvironment().getProperty("blob")).isNull();
			assertThat(context.getBean(McpConfigClient.class).held().version()).isEqualTo(1);

			write(V1.replace("hello", "fixed"));
			awaitGreeting(context, "fixed");
			assertThat(context.getBean(McpConfigClient.class).held().version()).isEqualTo(2);
		}
	}

	@Test
	void aValueThatIsNotAScalarStopsTheStartUpNamingItsKey() {
		write(V1 + "blob: !!binary aGVsbG8=\n");
		assertThatExceptionOfType(LocalFileException.class).isThrownBy(this::run)
			.withMessage("The local file " + file() + " (mcp.client.local-file) has a value of type byte[] at blob: "
					+ "only strings, numbers and booleans can be served");
	}

	@Test
	void editThatCannotBindKeepsTheConfigurationAndSaysWhy(CapturedOutput output) throws IOException {
		write(V1);
		try (ConfigurableApplicationContext context = run()) {
			SampleProperties sample = context.getBean(SampleProperties.class);
			write(V1.replace("max-connections: 5", "max-connections: not-a-number").replace("hello", "hi"));

			eventually().until(() -> output.toString()
				.contains("Not applying the edit of the local file " + file() + " (mcp.client.local-file): "
						+ "sample.max-connections=not-a-number cannot be bound to int"));
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("hello");
			assertThat(sample.getGreeting()).isEqualTo("hello");
			assertThat(sample.getMaxConnections()).isEqualTo(5);
			assertThat(context.getBean(ChangeEvents.class).all()).isEmpty();
		}
	}

	@Test
	void deletedFileKeepsTheConfigurationUntilItIsBack(CapturedOutput output) throws IOException {
		write(V1);
		try (ConfigurableApplicationContext context = run()) {
			Files.delete(file());

			eventually().until(() -> output.toString()
				.contains("the local file " + file() + " (mcp.client.local-file) is gone; keeping version 1"));
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("hello");
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.LOCAL_FILE);

			write(V1.replace("hello", "back"));
			awaitGreeting(context, "back");
		}
	}

	@Test
	void editMadeWhileTheApplicationStartsIsAppliedOnceItIsReady() throws IOException {
		write(V1);
		ApplicationListener<ApplicationPreparedEvent> editor = (event) -> write(V1.replace("hello", "while starting"));
		try (ConfigurableApplicationContext context = TestApp.builder().listeners(editor).run(args())) {
			eventually().until(() -> !context.getBean(ChangeEvents.class).all().isEmpty());
			assertThat(context.getEnvironment().getProperty("sample.greeting")).isEqualTo("while starting");
			assertThat(context.getBean(ChangeEvents.class).last().getNewVersion()).isEqualTo(2);
		}
	}

	@Test
	void missingFileStartsEmptyAndIsAppliedWhenItAppears(CapturedOutput output) throws IOException {
		try (ConfigurableApplicationContext context = run()) {
			assertThat(context.getBean(McpConfigClient.class).held().source()).isEqualTo(ConfigSource.EMPTY);
			assertThat(output).contains("The local file " + file()
					+ " (mcp.client.local-file) does not exist: starting with an empty configuration until it does");

			write(V1);
			awaitGreeting(context, "hello");
			HeldConfig held = context.getBean(McpConfigClient.class).held();
			assertThat(held.source()).isEqualTo(ConfigSource.LOCAL_FILE);
			assertThat(held.version()).isEqualTo(1);
		}
	}

	@Test
	void missingFileWithFailFastStopsTheStartUp() {
		assertThatExceptionOfType(LocalFileException.class).isThrownBy(() -> run("--mcp.client.fail-fast=true"))
			.withMessage("The local file " + file() + " (mcp.client.local-file) does not exist");
	}

	@Test
	void invalidFileStopsTheStartUpNamingTheLine(CapturedOutput output) throws IOException {
		write("sample:\n  greeting: [unclosed\n");
		assertThatExceptionOfType(LocalFileException.class).isThrownBy(this::run)
			.withMessageStartingWith("The local file " + file() + " (mcp.client.local-file) is not valid YAML: line 3");
		assertThat(output).contains("APPLICATION FAILED TO START");
	}

	@Test
	void closingTheContextStopsTheWatcherThread() throws IOException {
		write(V1);
		LocalFileWatcher watcher;
		try (ConfigurableApplicationContext context = run()) {
			watcher = context.getBean(LocalFileWatcher.class);
			assertThat(TestApp.liveThreads(LocalFileWatcher.THREAD_NAME)).singleElement()
				.satisfies((thread) -> assertThat(thread.isDaemon()).isTrue());
		}
		assertThat(watcher.isRunning()).isFalse();
		assertThat(TestApp.liveThreads(LocalFileWatcher.THREAD_NAME)).isEmpty();
	}

	private ConfigurableApplicationContext run(String... extraArgs) {
		String[] args = new String[extraArgs.length + 1];
		args[0] = "--mcp.client.local-file=" + file();
		System.arraycopy(extraArgs, 0, args, 1, extraArgs.length);
		return TestApp.run(this.server.address(), args);
	}

	private String[] args() {
		return new String[] { "--spring.config.import=mcp:", "--spring.application.name=" + TestApp.APP,
				"--mcp.client.env=" + TestApp.ENV, "--mcp.client.server-addresses=" + this.server.address(),
				"--mcp.client.local-file=" + file() };
	}

	private Path file() {
		return this.directory.resolve("config.yaml");
	}

	private void write(String yaml) {
		try {
			Files.writeString(file(), yaml);
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static void awaitGreeting(ConfigurableApplicationContext context, String greeting) {
		eventually().until(() -> greeting.equals(context.getEnvironment().getProperty("sample.greeting")));
	}

}
