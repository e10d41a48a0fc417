package io.mcpconfig.server;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the tests of a center started by {@code @SpringBootTest} on the file store share: its
 * data directory, a temporary one per test class.
 */
public abstract class DataDirectoryTests {

	@TempDir
	protected static Path dataDir;

	@DynamicPropertySource
	static void dataDir(DynamicPropertyRegistry registry) {
		registry.add("mcp.server.file.dir", () -> dataDir.toString());
	}

}
