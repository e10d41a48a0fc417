package io.mcpconfig.client.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import io.mcpconfig.client.TestApp;
import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.snapshot.SnapshotFile;
import io.mcpconfig.protocol.ConfigChecksum;

/**
 * A snapshot of "real" configuration on disk, as a developer's machine keeps one after
 * running the application against a config center.
 */
final class SnapshotOnDisk {

	/** Where the tests of this package point {@code mcp.client.snapshot-dir}. */
	static final String DIRECTORY = "target/test-isolation-snapshots";

	static final String GREETING = "from the real config center";

	private SnapshotOnDisk() {
	}

	static void write() {
		Map<String, String> properties = Map.of("sample.greeting", GREETING);
		ConfigTarget target = new ConfigTarget(TestApp.APP, TestApp.ENV);
		try {
			new SnapshotFile(Path.of(DIRECTORY), target).write(new HeldConfig(target, 7, ConfigChecksum.of(properties),
					properties, ConfigSource.REMOTE, Instant.now(), Instant.now()), TestApp.UNPROFILED, Instant.now());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
