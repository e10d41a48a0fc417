package io.mcpconfig.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import io.mcpconfig.protocol.ListenPorts;
import io.mcpconfig.server.McpServerApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real config center, in the test JVM, on free loopback ports over a temp data
 * directory, with security on and an admin token of its own. Started and stopped by the
 * test class.
 */
final class RunningCenter implements AutoCloseable {

	final String adminToken;

	private final Path dataDir;

	private final ConfigurableApplicationContext context;

	private final int grpcPort;

	/**
	 * @param dataDir the file store's directory
	 * @param settings more {@code name=value} settings
	 */
	RunningCenter(Path dataDir, String... settings) {
		this(dataDir, 0, "cli-test-admin-" + UUID.randomUUID(), settings);
	}

	private RunningCenter(Path dataDir, int httpPort, String adminToken, String... settings) {
		this.dataDir = dataDir;
		this.adminToken = adminToken;
		// chosen here so that the test's own gRPC instances know where to connect
		this.grpcPort = ListenPorts.free();
		List<String> args = new ArrayList<>(List.of("--server.port=" + httpPort, "--server.address=127.0.0.1",
				"--grpc.server.port=" + this.grpcPort, "--grpc.server.address=127.0.0.1",
				"--mcp.server.file.dir=" + dataDir, "--mcp.server.security.admin-token=" + this.adminToken,
				"--spring.main.banner-mode=off",
				// the test instances send one heartbeat; they must stay listed for the whole class
				"--mcp.server.sync.instance-expiry=5m"));
		Arrays.stream(settings).map((setting) -> "--" + setting).forEach(args::add);
		this.context = new SpringApplicationBuilder(McpServerApplication.class).run(args.toArray(String[]::new));
	}

	String url() {
		return "http://127.0.0.1:" + port();
	}

	int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	int grpcPort() {
		return this.grpcPort;
	}

	/**
	 * Stops this center and starts it again over the same directory, on the same admin port
	 * and with the same admin token: the same center to an mcpctl still running.
	 * @param whileStopped what happens to the directory meanwhile (a restore from a backup)
	 * @return the center started again
	 */
	RunningCenter restart(Consumer<Path> whileStopped) {
		int port = port();
		close();
		whileStopped.accept(this.dataDir);
		return new RunningCenter(this.dataDir, port, this.adminToken);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
