package io.mcpconfig.client.devtools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.devtools.classpath.ClassPathFileSystemWatcher;
import org.springframework.boot.devtools.restart.Restarter;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.TestApp.ChangeEvents;
import io.mcpconfig.client.TestApp.Greeter;
import io.mcpconfig.client.TestConfigServer;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.session.SyncSession;

import static io.mcpconfig.client.TestConfigServer.eventually;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot DevTools restarts: the application class is loaded by a new
 * {@code RestartClassLoader} each time, the previous context is closed and
 * {@code main} runs again in the same JVM, with the client's classes loaded once by the
 * application class loader (as a dependency jar is in applications). After every restart the
 * application holds the center's current release, a release published then reaches the
 * new context and only it, the previous context's channel, sync thread and session are
 * gone, nothing is logged at WARN or above, and the releases the client applies do not
 * restart the application themselves. {@link Restarter} is one per JVM: this class runs in
 * a surefire execution of its own ({@code devtools-restart}), the only one with DevTools
 * on its class path. Public, like what the reloaded class reads: classes of two loaders
 * are of two runtime packages.
 */
@ExtendWith(OutputCaptureExtension.class)
public class DevToolsRestartTests {

	private static final int RESTARTS = 6;

	/** The context of the running incarnation, set by each one's {@code main}. */
	public static final AtomicReference<ConfigurableApplicationContext> current = new AtomicReference<>();

	/** Every incarnation's context, in order. */
	public static final List<ConfigurableApplicationContext> incarnations = new CopyOnWriteArrayList<>();

	public static volatile String serverAddress;

	public static volatile Path snapshotDir;

	public static volatile URL[] restartUrls;

	private static void closeTheLastIncarnation() {
		ConfigurableApplicationContext last = current.getAndSet(null);
		if (last != null) {
			last.close();
		}
	}

	@Test
	void everyRestartStartsOnTheCurrentReleaseFollowsTheCenterAndLeavesNothingBehind(@TempDir Path restartDir,
			CapturedOutput output) throws Exception {
		TestConfigServer server = TestConfigServer.start();
		TestConfigServer back = null;
		try {
			server.setRelease(Map.of("sample.greeting", "release-1"));
			serverAddress = server.address();
			snapshotDir = Path.of("target", "test-snapshots", UUID.randomUUID().toString()).toAbsolutePath();
			Path appClass = reloadable(restartDir, RestartedApp.class);
			restartUrls = new URL[] { restartDir.toUri().toURL() };
			start();
			ConfigurableApplicationContext first = current.get();
			assertThat(applicationClassLoader(first).getClass().getSimpleName()).isEqualTo("RestartClassLoader");
			assertThat(first.getBeanNamesForType(ClassPathFileSystemWatcher.class)).isNotEmpty();
			assertThat(greeting(first)).isEqualTo("release-1");
			Set<String> lastingGrpcThreads = null;
			for (int restart = 1; restart <= RESTARTS; restart++) {
				ConfigurableApplicationContext before = current.get();
				// a release reaches the running incarnation, and does not restart it (its
				// snapshot is written outside the class path)
				String live = "live-" + restart;
				server.publish(Map.of("sample.greeting", live));
				eventually().until(() -> live.equals(greeting(before)));
				eventually().during(Duration.ofMillis(500)).until(() -> current.get() == before);
				McpConfigClient previousClient = before.getBean(McpConfigClient.class);
				ClassLoader previousLoader = applicationClassLoader(before);
				ChangeEvents previousEvents = before.getBean(ChangeEvents.class);

				// the application class changes on the class path: DevTools restarts
				Files.setLastModifiedTime(appClass, FileTime.from(Instant.now().plusSeconds(restart)));
				eventually().until(() -> current.get() != before);

				ConfigurableApplicationContext after = current.get();
				assertThat(applicationClassLoader(after)).isNotSameAs(previousLoader)
					.isNotSameAs(RestartedApp.class.getClassLoader());
				assertThat(before.isActive()).isFalse();
				assertThat(previousClient.channel().isTerminated()).isTrue();
				assertThat(after.getBean(McpConfigClient.class)).isNotSameAs(previousClient);
				// starts on what the center serves now, then follows it alone
				assertThat(greeting(after)).isEqualTo(live);
				eventually().until(() -> server.openSessions() == 1 && server.openConnections() == 1);
				assertThat(liveThreadNames("mcp-")).containsExactly(SyncSession.THREAD_NAME_PREFIX + "1");
				String next = "after-restart-" + restart;
				server.publish(Map.of("sample.greeting", next));
				eventually().until(() -> next.equals(greeting(after)));
				assertThat(greetingChanges(after.getBean(ChangeEvents.class))).containsExactly(next);
				assertThat(greetingChanges(previousEvents)).doesNotContain(next);
				// gRPC's shared event loops go on serving the next channel (and this
				// center); its executor is a cached pool, idle threads leave after a minute
				Set<String> grpcThreads = new TreeSet<>(liveThreadNames("grpc-"));
				grpcThreads.removeIf((name) -> name.startsWith("grpc-default-executor-"));
				if (lastingGrpcThreads == null) {
					lastingGrpcThreads = grpcThreads;
				}
				assertThat(grpcThreads).isEqualTo(lastingGrpcThreads);
			}
			assertThat(incarnations).hasSize(RESTARTS + 1);
			assertThat(incarnations.subList(0, RESTARTS)).noneMatch(ConfigurableApplicationContext::isActive);
			assertThat(output.getAll().lines().filter((line) -> line.contains(" WARN ") || line.contains(" ERROR ")))
				.isEmpty();

			// the center is down: the next incarnation starts from the snapshot, then
			// follows the center when it is back
			int port = server.port();
			server.close();
			ConfigurableApplicationContext before = current.get();
			Files.setLastModifiedTime(appClass, FileTime.from(Instant.now().plusSeconds(RESTARTS + 1)));
			eventually().until(() -> current.get() != before);
			ConfigurableApplicationContext fromSnapshot = current.get();
			assertThat(greeting(fromSnapshot)).isEqualTo("after-restart-" + RESTARTS);
			assertThat(output.getAll()).contains("Starting from the local snapshot");
			// back on the same port and releases (versions go on from the one held)
			back = TestConfigServer.startOn(port);
			while (back.currentVersion() < server.currentVersion()) {
				back.setRelease(Map.of("sample.greeting", "after-restart-" + RESTARTS));
			}
			back.awaitSubscribed(1);
			back.publish(Map.of("sample.greeting", "back"));
			eventually().until(() -> "back".equals(greeting(fromSnapshot)));
			assertThat(liveThreadNames("mcp-")).containsExactly(SyncSession.THREAD_NAME_PREFIX + "1");
		}
		finally {
			closeTheLastIncarnation();
			server.close();
			if (back != null) {
				back.close();
			}
		}
	}

	/** The class loader of the incarnation's application class: a new one at each restart. */
	private static ClassLoader applicationClassLoader(ConfigurableApplicationContext context) {
		return context.getBean("devToolsRestartTests.RestartedApp").getClass().getClassLoader();
	}

	private static String greeting(ConfigurableApplicationContext context) {
		return context.getBean(Greeter.class).greeting();
	}

	/** The greetings the incarnation's {@code ConfigChangeEvent}s brought, in order. */
	private static List<String> greetingChanges(ChangeEvents events) {
		return events.all()
			.stream()
			.filter((event) -> event.isChanged("sample.greeting"))
			.map((event) -> event.getChanges().get("sample.greeting").newValue())
			.toList();
	}

	private static List<String> liveThreadNames(String prefix) {
		return TestApp.liveThreads(prefix).stream().map(Thread::getName).toList();
	}

	/**
	 * Starts the first incarnation from a thread whose only {@code main} is
	 * {@link RestartedApp}'s, as an IDE's launch would: DevTools restarts it at once in a
	 * {@code RestartClassLoader} and ends the launching thread.
	 */
	private static void start() throws InterruptedException {
		Thread launcher = new Thread(() -> RestartedApp.main(new String[0]), "launcher");
		launcher.start();
		launcher.join();
		assertThat(current.get()).isNotNull();
	}

	/**
	 * Copies an application class (with its nested classes) into a directory of its own:
	 * what DevTools watches and reloads, while every other class stays with the
	 * application class loader.
	 * @return the copy of the class itself
	 */
	private static Path reloadable(Path dir, Class<?> type) {
		try {
			Path location = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
			String pkg = type.getPackageName().replace('.', '/');
			Path target = Files.createDirectories(dir.resolve(pkg));
			String prefix = type.getName().substring(type.getPackageName().length() + 1);
			if (Files.isDirectory(location)) {
				copyClasses(location.resolve(pkg), prefix, target);
			}
			else {
				// the Boot 4 module runs this class from the Boot 3 module's test jar
				try (FileSystem jar = FileSystems.newFileSystem(location)) {
					copyClasses(jar.getPath(pkg), prefix, target);
				}
			}
			return target.resolve(prefix + ".class");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void copyClasses(Path pkg, String prefix, Path target) throws IOException {
		try (DirectoryStream<Path> classes = Files.newDirectoryStream(pkg, prefix + "*.class")) {
			for (Path file : classes) {
				Files.copy(file, target.resolve(file.getFileName().toString()));
			}
		}
	}

	/**
	 * The application under DevTools, reloaded by a new class loader at each restart:
	 * {@link TestApp}'s beans (a {@code @RefreshScope} greeter, the change events).
	 */
	@SpringBootConfiguration
	@Import(TestApp.class)
	public static class RestartedApp {

		public static void main(String[] args) {
			// The first call (on the launcher) restarts at once and ends its thread; later
			// calls, in a RestartClassLoader, find the Restarter initialized and run the app.
			Restarter.initialize(args, false, (thread) -> restartUrls, true);
			SpringApplicationBuilder builder = new SpringApplicationBuilder(RestartedApp.class)
				.web(WebApplicationType.NONE)
				.properties("mcp.client.snapshot-dir=" + snapshotDir);
			ConfigurableApplicationContext context = TestApp.run(builder, serverAddress,
					"--spring.devtools.livereload.enabled=false", "--spring.devtools.restart.poll-interval=100ms",
					"--spring.devtools.restart.quiet-period=50ms");
			incarnations.add(context);
			current.set(context);
		}
	}

}
