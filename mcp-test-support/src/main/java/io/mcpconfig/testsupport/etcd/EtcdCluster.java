package io.mcpconfig.testsupport.etcd;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.CompactOption;
import io.mcpconfig.protocol.ListenPorts;
import io.mcpconfig.testsupport.files.Directories;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

import static org.awaitility.Awaitility.await;

/**
 * A real etcd cluster for the tests of a class: each member is an {@code etcd} process on
 * free loopback ports with its own data directory under one temp directory, which is
 * deleted afterwards. Register it on a static field:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static EtcdCluster etcd = EtcdCluster.singleMember();
 * </pre>
 *
 * A member a test stopped or killed is started again after the test's own
 * {@code @AfterEach} methods, even when the test failed, so the next test finds the whole
 * cluster. Each member's output goes to {@code member-N.log} in the temp directory; when a test
 * fails, the end of every log is printed to standard error.
 */
public final class EtcdCluster
		implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, TestExecutionExceptionHandler, AutoCloseable {

	static final String NOT_FOUND = "etcd not found on PATH: install the Debian package etcd-server "
			+ "(apt-get install -y etcd-server); .ci/run does this";

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private static final int START_ATTEMPTS = 3;

	private static final int LOG_TAIL_LINES = 40;

	private final int size;

	private final List<String> flags;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private Path workDir;

	private Path executable;

	private List<Member> members = List.of();

	private Thread shutdownHook;

	private EtcdCluster(int size, List<String> flags) {
		if (size < 1) {
			throw new IllegalArgumentException("an etcd cluster needs at least one member, asked for " + size);
		}
		this.size = size;
		this.flags = List.copyOf(flags);
	}

	/** One etcd process. */
	public static EtcdCluster singleMember() {
		return new EtcdCluster(1, List.of());
	}

	/** A cluster of {@code size} members (3 tolerates the loss of one). */
	public static EtcdCluster ofMembers(int size) {
		return new EtcdCluster(size, List.of());
	}

	/**
	 * The same cluster, every member started with these flags of etcd's besides the
	 * cluster's own (for instance a small {@code --quota-backend-bytes}).
	 */
	public EtcdCluster withFlags(String... flags) {
		List<String> all = new ArrayList<>(this.flags);
		all.addAll(List.of(flags));
		return new EtcdCluster(this.size, all);
	}

	@Override
	public void beforeAll(ExtensionContext context) throws Exception {
		start();
	}

	@Override
	public void afterEach(ExtensionContext context) {
		for (int i = 0; i < this.size; i++) {
			if (!isRunning(i)) {
				start(i);
			}
		}
	}

	@Override
	public void afterAll(ExtensionContext context) throws Exception {
		close();
	}

	/**
	 * Starts every member and waits until each is healthy; what a test class does through
	 * {@code @RegisterExtension}, for code that is not a test (the benchmarks).
	 * @throws IllegalStateException if {@code etcd} is not on the {@code PATH}
	 * @throws Exception if a member did not start
	 */
	public void start() throws Exception {
		this.executable = findOnPath("etcd", System.getenv("PATH"))
			.orElseThrow(() -> new IllegalStateException(NOT_FOUND));
		this.workDir = Files.createTempDirectory("etcd-cluster-");
		this.shutdownHook = new Thread(this::destroyAll, "etcd-cluster-shutdown");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
		startCluster();
	}

	/** Kills every member and deletes their data. */
	@Override
	public void close() throws IOException {
		try {
			destroyAll();
		}
		finally {
			if (this.shutdownHook != null) {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			Directories.deleteRecursively(this.workDir);
		}
	}

	@Override
	public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
		System.err.println("etcd output for failed test " + context.getDisplayName() + ":\n" + logs());
		throw throwable;
	}

	/** Client URLs of all members ({@code http://127.0.0.1:port}), running or not. */
	public List<String> clientEndpoints() {
		return this.members.stream().map(Member::clientUrl).toList();
	}

	/** Client URL of one member. */
	public String clientEndpoint(int member) {
		return member(member).clientUrl();
	}

	/** Client port of one member. */
	public int clientPort(int member) {
		return member(member).clientPort;
	}

	public int size() {
		return this.size;
	}

	/**
	 * Stops one member gracefully (SIGTERM, then SIGKILL if it does not exit in time); a
	 * leader hands its leadership over first.
	 */
	public void stop(int member) {
		member(member).stop();
	}

	/** Kills one member at once (SIGKILL), as a crash or power loss would. */
	public void kill(int member) {
		member(member).kill();
	}

	/**
	 * Starts a stopped member again on the same ports and data, and waits until it is
	 * healthy. A member still coming up from an earlier start that timed out (a loaded
	 * machine) is waited for again, not started twice.
	 */
	public void start(int member) {
		Member m = member(member);
		if (!m.isRunning()) {
			m.start();
		}
		awaitHealthy(List.of(m));
	}

	public boolean isRunning(int member) {
		return member(member).isRunning();
	}

	/** The index of the member that is the raft leader now, read from each member's metrics. */
	public int leader() {
		return IntStream.range(0, this.size)
			.filter((i) -> this.members.get(i).isRunning() && this.members.get(i).isLeader())
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no running member is the leader"));
	}

	/**
	 * Compacts the key-value history up to the current revision and waits until the
	 * compaction is physically applied, so any watch from an older revision is refused.
	 * @return the compaction revision
	 */
	public long compact() {
		try (Client client = newClient()) {
			long revision = client.getKVClient()
				.get(ByteSequence.from(new byte[] { 0 }))
				.get(10, TimeUnit.SECONDS)
				.getHeader()
				.getRevision();
			client.getKVClient()
				.compact(revision, CompactOption.builder().withCompactPhysical(true).build())
				.get(10, TimeUnit.SECONDS);
			return revision;
		}
		catch (Exception ex) {
			throw new IllegalStateException("compaction failed\n" + logs(), ex);
		}
	}

	/** A new jetcd client on the running members; the caller closes it. */
	public Client newClient() {
		return Client.builder()
			.endpoints(this.members.stream().filter(Member::isRunning).map(Member::clientUrl).toArray(String[]::new))
			.build();
	}

	/** The last lines of every member's output. */
	public String logs() {
		return this.members.stream().map(Member::logTail).collect(Collectors.joining("\n"));
	}

	/**
	 * Whether an {@code etcd} executable is on the {@code PATH}, so that {@link #start()}
	 * can run.
	 * @return whether etcd is installed
	 */
	public static boolean isInstalled() {
		return findOnPath("etcd", System.getenv("PATH")).isPresent();
	}

	static Optional<Path> findOnPath(String name, String path) {
		if (path == null) {
			return Optional.empty();
		}
		return Stream.of(path.split(File.pathSeparator))
			.filter((dir) -> !dir.isEmpty())
			.map((dir) -> Path.of(dir, name))
			.filter(Files::isExecutable)
			.findFirst();
	}

	private Member member(int index) {
		if (index < 0 || index >= this.members.size()) {
			throw new IndexOutOfBoundsException("no member " + index + " in a cluster of " + this.size);
		}
		return this.members.get(index);
	}

	/**
	 * Free ports are found by binding port 0, so another process can take one before etcd
	 * binds it; such a start is retried on new ports.
	 */
	private void startCluster() throws IOException {
		for (int attempt = 1;; attempt++) {
			this.members = newMembers(attempt);
			this.members.forEach(Member::start);
			try {
				awaitHealthy(this.members);
				return;
			}
			catch (IllegalStateException ex) {
				destroyAll();
				boolean portTaken = this.members.stream().anyMatch(Member::lostAPort);
				if (!portTaken || attempt == START_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private List<Member> newMembers(int attempt) throws IOException {
		int[] ports = freePorts(2 * this.size);
		List<Member> created = new ArrayList<>();
		for (int i = 0; i < this.size; i++) {
			Path dataDir = this.workDir.resolve("attempt-" + attempt).resolve("member-" + i);
			created.add(new Member("member-" + i, ports[2 * i], ports[2 * i + 1], dataDir,
					this.workDir.resolve("member-" + i + ".log")));
		}
		String initialCluster = created.stream()
			.map((m) -> m.name + "=" + m.peerUrl())
			.collect(Collectors.joining(","));
		String token = "mcp-test-" + UUID.randomUUID();
		created.forEach((m) -> m.configure(this.executable, initialCluster, token, this.flags));
		return List.copyOf(created);
	}

	private static int[] freePorts(int count) {
		int[] ports = new int[count];
		for (int i = 0; i < count; i++) {
			ports[i] = ListenPorts.free();
		}
		return ports;
	}

	private void awaitHealthy(List<Member> toCheck) {
		try {
			await("etcd members healthy").atMost(READY_TIMEOUT)
				.pollInterval(Duration.ofMillis(50))
				.until(() -> {
					for (Member m : toCheck) {
						if (!m.isRunning()) {
							throw new IllegalStateException(m.name + " exited with code " + m.process.exitValue());
						}
					}
					return toCheck.stream().allMatch(Member::isHealthy);
				});
		}
		catch (ConditionTimeoutException | IllegalStateException ex) {
			throw new IllegalStateException("etcd did not become healthy: " + ex.getMessage() + "\n" + logs(), ex);
		}
	}

	private void destroyAll() {
		this.members.forEach(Member::stop);
	}

	private final class Member {

		private final String name;

		private final int clientPort;

		private final int peerPort;

		private final Path dataDir;

		private final Path log;

		private List<String> command = List.of();

		private volatile Process process;

		Member(String name, int clientPort, int peerPort, Path dataDir, Path log) {
			this.name = name;
			this.clientPort = clientPort;
			this.peerPort = peerPort;
			this.dataDir = dataDir;
			this.log = log;
		}

		String clientUrl() {
			return "http://127.0.0.1:" + this.clientPort;
		}

		String peerUrl() {
			return "http://127.0.0.1:" + this.peerPort;
		}

		void configure(Path executable, String initialCluster, String token, List<String> flags) {
			// Short raft timings: a lost leader is replaced in about a second.
			List<String> command = new ArrayList<>(List.of(executable.toString(), "--name", this.name, "--data-dir",
					this.dataDir.toString(), "--listen-client-urls", clientUrl(), "--advertise-client-urls",
					clientUrl(), "--listen-peer-urls", peerUrl(), "--initial-advertise-peer-urls", peerUrl(),
					"--initial-cluster", initialCluster, "--initial-cluster-state", "new", "--initial-cluster-token",
					token, "--heartbeat-interval", "50", "--election-timeout", "500", "--logger", "zap",
					"--log-outputs", "stderr"));
			command.addAll(flags);
			this.command = List.copyOf(command);
		}

		void start() {
			try {
				Files.createDirectories(this.dataDir.getParent());
				Files.writeString(this.log, "---- starting " + this.name + ": " + String.join(" ", this.command) + "\n",
						StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
						java.nio.file.StandardOpenOption.APPEND);
				this.process = new ProcessBuilder(this.command).redirectErrorStream(true)
					.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
					.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("could not start " + this.name, ex);
			}
		}

		boolean isRunning() {
			Process current = this.process;
			return current != null && current.isAlive();
		}

		void stop() {
			Process current = this.process;
			if (current == null) {
				return;
			}
			current.destroy();
			try {
				if (!current.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
					current.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				}
			}
			catch (InterruptedException ex) {
				current.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}

		void kill() {
			Process current = this.process;
			if (current == null) {
				return;
			}
			try {
				current.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		boolean isHealthy() {
			return get("/health").map((body) -> body.replace(" ", "").contains("\"health\":\"true\"")).orElse(false);
		}

		boolean isLeader() {
			return get("/metrics").map((body) -> body.lines().anyMatch("etcd_server_is_leader 1"::equals))
				.orElse(false);
		}

		boolean lostAPort() {
			return logTail().contains("address already in use");
		}

		private Optional<String> get(String path) {
			HttpRequest request = HttpRequest.newBuilder(URI.create(clientUrl() + path))
				.timeout(Duration.ofSeconds(1))
				.build();
			try {
				HttpResponse<String> response = EtcdCluster.this.http.send(request,
						HttpResponse.BodyHandlers.ofString());
				return (response.statusCode() == 200) ? Optional.of(response.body()) : Optional.empty();
			}
			catch (IOException ex) {
				return Optional.empty();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Optional.empty();
			}
		}

		String logTail() {
			try {
				List<String> lines = Files.exists(this.log) ? Files.readAllLines(this.log) : List.of();
				return "== " + this.name + " (" + this.log + ")\n"
						+ String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
			}
			catch (IOException ex) {
				return "== " + this.name + ": log unreadable: " + ex.getMessage();
			}
		}

	}

}
