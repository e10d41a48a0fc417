package io.mcpconfig.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class UnreadableFileTests {

	@Test
	void aMissingFileOrAFolderIsSaidWithoutTheExceptionsClassName(@TempDir Path dir) {
		Path missing = dir.resolve("missing.yml");
		IOException notThere = catchThrowableOfType(IOException.class, () -> Files.readAllBytes(missing));
		IOException aFolder = catchThrowableOfType(IOException.class, () -> Files.readAllBytes(dir));

		CommandFailure failure = UnreadableFile.failure(missing, notThere);
		assertThat(failure.getMessage()).isEqualTo("cannot read " + missing + ": no such file");
		assertThat(failure.status()).isEqualTo(ExitStatus.USAGE);
		assertThat(UnreadableFile.failure(dir, aFolder).getMessage()).startsWith("cannot read " + dir + ": ")
			.doesNotContain("Exception");
	}

}
