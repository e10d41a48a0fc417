package io.mcpconfig.sample;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mcpconfig.testsupport.center.McpServerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tests start the center as a process some sixty times a build, each on the class data
 * sharing archive of its exec jar ({@code ClassDataSharing} in mcp-test-support). A step of
 * making the archive that fails falls back to the plain jar without failing anything, so
 * only this test says when the build has become minutes slower.
 */
class CenterLaunchTests {

	@Test
	void theTestsStartTheCenterOnAClassDataSharingArchiveOfItsJar(@TempDir Path work) throws Exception {
		try (McpServerProcess center = McpServerProcess.start(work)) {
			List<String> command = center.command();
			assertThat(command).anySatisfy(
					(argument) -> assertThat(argument).startsWith("-XX:SharedArchiveFile=").endsWith(".jsa"));
			// the jar Boot's tools extracted beside the archive, not the exec jar itself
			assertThat(command.get(command.indexOf("-jar") + 1)).contains("-exec-cds/jar/");
		}
	}

}
