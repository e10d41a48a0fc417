package io.mcpconfig.server.admin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.mcpconfig.server.McpServerApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole server with the file store over a data directory, on free ports, started and
 * stopped by the test: a stop and a new start over the same directory is a restart.
 */
public final class RunningServer implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private RunningServer(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * @param dataDir the file store's directory
	 * @param settings more {@code name=value} settings
	 */
	public static RunningServer start(Path dataDir, String... settings) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--grpc.server.port=0",
				"--mcp.server.file.dir=" + dataDir, "--spring.main.banner-mode=off"));
		for (String setting : settings) {
			args.add("--" + setting);
		}
		return new RunningServer(
				new SpringApplicationBuilder(McpServerApplication.class).run(args.toArray(String[]::new)));
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	public AdminClient admin() {
		return new AdminClient(port());
	}

	@Override
	public void close() {
		this.context.close();
	}

}
