package io.mcpconfig.client.snapshot;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;

import io.mcpconfig.client.McpClientProperties;
import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.protocol.ConfigChecksum;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RefusalFileTests {

	private static final ConfigTarget TARGET = new ConfigTarget("shop", "prod");

	private static final Log LOG = LogFactory.getLog(RefusalFileTests.class);

	private static final RefusalFile.Refusal REFUSAL = new RefusalFile.Refusal(7, "abc123",
			"sample.max-connections: \"not-a-number\" is no int \u2028 é 中文", Instant.parse("2026-12-04T10:15:30Z"));

	@TempDir
	Path directory;

	@Test
	void readsBackTheRefusalItWroteBesideTheSnapshotForItsOwnerOnly() throws IOException {
		RefusalFile file = new RefusalFile(this.directory, TARGET);
		assertThat(file.read()).isEmpty();

		file.write(REFUSAL);

		assertThat(file.read()).contains(REFUSAL);
		assertThat(file.read().orElseThrow().is(7, "abc123")).isTrue();
		assertThat(file.read().orElseThrow().is(7, "other")).isFalse();
		Path written = this.directory.resolve("shop").resolve("prod.refused.json");
		assertThat(written).exists();
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(written))).isEqualTo("rw-------");
		}
		file.delete();
		assertThat(file.read()).isEmpty();
		file.delete();
	}

	@Test
	void aRefusalOfAnotherTargetOrADamagedFileIsRefusedNamingTheFile() throws IOException {
		new RefusalFile(this.directory, new ConfigTarget("shop", "dev")).write(REFUSAL);
		Path misplaced = this.directory.resolve("shop").resolve("prod.refused.json");
		Files.copy(this.directory.resolve("shop").resolve("dev.refused.json"), misplaced);
		RefusalFile file = new RefusalFile(this.directory, TARGET);
		assertThatExceptionOfType(InvalidSnapshotException.class).isThrownBy(file::read)
			.withMessage(misplaced + ": it is a refusal of shop/dev, not of shop/prod");

		Files.writeString(misplaced, "{\"format\": 1, \"app\": \"shop\", \"env\": \"prod\", \"version\": 7, \"checksum");
		assertThatExceptionOfType(InvalidSnapshotException.class).isThrownBy(file::read)
			.withMessageStartingWith(misplaced + ": it is not valid JSON");
	}

	/**
	 * A neighbour sharing the snapshot directory, served the base while this instance was
	 * refusing the gray's patch at the same version, leaves the record; a newer release, or
	 * the refused one taken, deletes it.
	 */
	@Test
	void onlyAReleaseThatSupersedesTheRefusalDeletesItsRecord() throws IOException {
		McpClientProperties properties = new McpClientProperties();
		properties.setSnapshotDir(this.directory);
		RefusalFile file = new RefusalFile(this.directory, TARGET);
		try (McpConfigClient client = McpConfigClient.create(properties, TARGET)) {
			file.write(REFUSAL);
			client.saveSnapshot(remote(7, Map.of("a", "base")), LOG);
			assertThat(file.read()).contains(REFUSAL);

			client.saveSnapshot(remote(8, Map.of("a", "next")), LOG);
			assertThat(file.read()).isEmpty();

			Map<String, String> refused = Map.of("a", "patched");
			client.saveRefusal(new RefusalFile.Refusal(9, ConfigChecksum.of(refused), "vetoed", Instant.EPOCH), LOG);
			assertThat(file.read()).isPresent();
			client.saveSnapshot(remote(9, refused), LOG);
			assertThat(file.read()).isEmpty();
		}
	}

	private static HeldConfig remote(long version, Map<String, String> properties) {
		return new HeldConfig(TARGET, version, ConfigChecksum.of(properties), properties, ConfigSource.REMOTE,
				Instant.EPOCH, Instant.EPOCH);
	}

}
