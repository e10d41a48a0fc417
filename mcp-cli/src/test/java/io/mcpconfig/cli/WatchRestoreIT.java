package io.mcpconfig.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.mcpconfig.cli.McpctlRun.RunningMcpctl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code mcpctl watch} across a restore of the center's store from a backup: the current
 * release goes back to an older version, then a new release takes a version number the
 * watch printed before, with other content. Both are printed, the first with a word on
 * what happened; a watch that compared version numbers only printed nothing until the
 * versions passed the highest it had seen.
 */
class WatchRestoreIT {

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	@TempDir
	Path work;

	private RunningCenter center;

	@AfterEach
	void stop() {
		if (this.center != null) {
			this.center.close();
		}
	}

	@Test
	void aStoreRestoredFromABackupIsPrintedAndWatchedOn() throws Exception {
		this.center = new RunningCenter(this.work.resolve("data"));
		for (int n = 1; n <= 3; n++) {
			assertThat(mcpctl().run("publish", "restored", "dev", "-f", file("a: " + n + "\n").toString()).exitCode())
				.isZero();
		}

		try (RunningMcpctl watch = mcpctl().start("watch", "restored", "dev", "--interval", "200ms")) {
			await().atMost(DEADLINE).untilAsserted(
					() -> assertThat(watch.lines()).singleElement().asString().startsWith("restored/dev version 3 "));

			// the backup was taken at version 1
			this.center = this.center.restart((data) -> {
				Path releases = data.resolve("releases").resolve("restored").resolve("dev");
				for (long newer : new long[] { 3, 2 }) {
					try {
						Files.delete(releases.resolve(String.format("%019d.json", newer)));
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				}
			});

			await().atMost(DEADLINE).untilAsserted(() -> assertThat(watch.lines()).hasSize(2)
				.last()
				.asString()
				.startsWith("restored/dev version 1 "));
			assertThat(mcpctl().run("publish", "restored", "dev", "-f", file("a: other\n").toString(), "--comment",
					"after the restore").exitCode()).isZero();
			await().atMost(DEADLINE).untilAsserted(() -> assertThat(watch.lines()).hasSize(3)
				.last()
				.asString()
				.startsWith("restored/dev version 2 ")
				.endsWith(": after the restore"));
			assertThat(watch.errors()).contains("restored/dev is back at version 1 (it was at 3): the center's store"
					+ " was restored from a backup");
		}
	}

	private McpctlRun mcpctl() {
		return McpctlRun.in(this.work).env("MCP_SERVER", "http://127.0.0.1:" + this.center.port())
			.env("MCP_TOKEN", this.center.adminToken);
	}

	private Path file(String content) throws IOException {
		return Files.writeString(this.work.resolve("restored.yml"), content);
	}

}
