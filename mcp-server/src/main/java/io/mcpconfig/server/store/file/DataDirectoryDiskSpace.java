package io.mcpconfig.server.store.file;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points Boot's disk space health check at the file store's data directory: it watches the
 * working directory unless told otherwise, and a full data volume mounted elsewhere would
 * leave the center UP while every publish fails. Only for the file store, and only when
 * {@code management.health.diskspace.path} is not set.
 */
public final class DataDirectoryDiskSpace implements EnvironmentPostProcessor, Ordered {

	static final String PATH = "management.health.diskspace.path";

	private static final String DIR = "mcp.server.file.dir";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if ("file".equalsIgnoreCase(environment.getProperty("mcp.server.store", "file"))
				&& environment.containsProperty(DIR) && !environment.containsProperty(PATH)) {
			// a placeholder, resolved when the check is bound: the directory may be set later (a test's properties)
			environment.getPropertySources()
				.addLast(new MapPropertySource("mcpDataDirectoryDiskSpace", Map.of(PATH, "${" + DIR + "}")));
		}
	}

	@Override
	public int getOrder() {
		// after config data, so that a directory or a path set in application.yml or a profile counts
		return Ordered.LOWEST_PRECEDENCE;
	}

}
