package io.mcpconfig.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

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

	final String adminToken = "cli-test-admin-" + UUID.randomUUID();

	private final ConfigurableApplicationContext context;

	private final int grpcPort;

	/**
	 * @param dataDir the file store's directory
	 * @param settings more {@code name=value} settings
	 */
	RunningCenter(Path dataDir, String... settings) {
		// chosen here so that the test's own gRPC instances know where to connect
		this.grpcPort = ListenPorts.free();
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
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

	@Override
	public void close() {
		this.context.close();
	}

}
