package io.mcpconfig.server.store.file;

import java.nio.file.Path;

import io.mcpconfig.server.store.ReleaseSizeLimits;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DataDirectoryInUseFailureAnalyzerTests {

	@TempDir
	Path dir;

	@Test
	void secondServerOnADirectoryIsToldWhatHappenedAndWhatToDo() {
		try (FileReleaseStore first = new FileReleaseStore(dir, 10, ReleaseSizeLimits.DEFAULT)) {
			DataDirectoryInUseException inUse = catchThrowableOfType(DataDirectoryInUseException.class,
					() -> new FileReleaseStore(dir, 10, ReleaseSizeLimits.DEFAULT));
			FailureAnalysis analysis = new DataDirectoryInUseFailureAnalyzer()
				.analyze(new BeanCreationException("releaseStore", "failed", inUse));
			assertThat(analysis.getDescription()).contains(dir.toAbsolutePath().toString())
				.contains("in use by another MCP server");
			assertThat(analysis.getAction()).contains("mcp.server.file.dir").contains("mcp.server.store=etcd");
		}
	}

}
