package io.mcpconfig.testsupport.chaos;

import java.nio.file.Path;

/**
 * A Spring application that runs the real client starter against the soak's replicas
 * (the sample app), reached over its HTTP port: {@code /actuator/mcp} says what it holds,
 * {@code /events} which changes it applied. How it runs (in the test's JVM, or a JVM of
 * its own) is the caller's.
 */
public interface SoakApp extends AutoCloseable {

	/** {@code http://host:port}. */
	String baseUrl();

	@Override
	void close();

	/** Starts one app. */
	@FunctionalInterface
	interface Launcher {

		/**
		 * @param instanceId its {@code mcp.client.instance-id}
		 * @param serverAddresses every replica, comma-separated, for {@code mcp.client.server-addresses}
		 * @param token a client token of the soak's target
		 * @param env the target's env ({@code mcp.client.env}); the app is {@code mcp-sample-app}
		 * @param workDir a directory of its own (snapshots, logs)
		 */
		SoakApp start(String instanceId, String serverAddresses, String token, String env, Path workDir)
				throws Exception;

	}

}
