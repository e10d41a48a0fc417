package io.mcpconfig.bench.app;

import java.nio.file.Path;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An application of the sample app's shape, on the starter: a
 * {@code @ConfigurationProperties} bean ({@link SampleSettings}), a {@code @RefreshScope}
 * bean ({@link Greeter}), a {@code ConfigChangeEvent} listener ({@link LastChange}), web
 * and actuator on the class path. {@link AppliedReleases} and {@link ServedGreetings}
 * tell the benchmark when each release was applied and when the greeting was served.
 * Reads {@code bench-app.yml}: the center's {@code application.yml} is on this class path
 * too.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class BenchApplication {

	/** The target the application reads: {@code spring.application.name} and {@code mcp.client.env}. */
	public static final String APP = "bench-app";

	public static final String ENV = "bench";

	/**
	 * Starts the application against a center.
	 * @param grpcAddress the center's gRPC address
	 * @param token the client token
	 * @param snapshotDir the snapshot directory
	 * @return the running application
	 */
	public static ConfigurableApplicationContext start(String grpcAddress, String token, Path snapshotDir) {
		return new SpringApplicationBuilder(BenchApplication.class).run("--spring.config.name=bench-app",
				"--mcp.client.server-addresses=" + grpcAddress, "--mcp.client.token=" + token,
				"--mcp.client.snapshot-dir=" + snapshotDir);
	}

}
