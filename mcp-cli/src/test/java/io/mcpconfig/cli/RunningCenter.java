package io.mcpconfig.cli;

import java.nio.file.Path;
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

	RunningCenter(Path dataDir) {
		// chosen here so that the test's own gRPC instances know where to connect
		this.grpcPort = ListenPorts.free();
		this.context = new SpringApplicationBuilder(McpServerApplication.class).run("--server.port=0",
				"--server.address=127.0.0.1", "--grpc.server.port=" + this.grpcPort,
				"--grpc.server.address=127.0.0.1", "--mcp.server.file.dir=" + dataDir,
				"--mcp.server.security.admin-token=" + this.adminToken, "--spring.main.banner-mode=off",
				// the test instances send one heartbeat; they must stay listed for the whole class
				"--mcp.server.sync.instance-expiry=5m");
	}

	String url() {
		return "http://127.0.0.1:" + ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	int grpcPort() {
		return this.grpcPort;
	}

	@Override
	public void close() {
		this.context.close();
	}

}
