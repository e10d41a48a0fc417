package io.mcpconfig.cli.connection;

import java.nio.file.Files;
import java.nio.file.Path;

import io.mcpconfig.cli.CommandFailure;
import io.mcpconfig.cli.ExitStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ConfigFileTests {

	@TempDir
	Path dir;

	@Test
	void readsEveryKeyAndResolvesTheCaFileAgainstTheConfigFilesDirectory() throws Exception {
		Path file = Files.writeString(this.dir.resolve("c.yaml"),
				"server: https://config:8070\ntoken: s3cret\nca-file: tls/ca.pem\ninsecure: false\n");

		assertThat(ConfigFile.read(file, true)).isEqualTo(new ConnectionChoices("https://config:8070", "s3cret",
				this.dir.toAbsolutePath().resolve("tls/ca.pem"), false));
	}

	@Test
	void aMissingDefaultFileSaysNothingButANamedOneMustExist() {
		Path missing = this.dir.resolve("missing.yaml");

		assertThat(ConfigFile.read(missing, false)).isEqualTo(new ConnectionChoices(null, null, null, null));
		assertThatExceptionOfType(CommandFailure.class).isThrownBy(() -> ConfigFile.read(missing, true))
			.satisfies((failure) -> assertThat(failure.status()).isEqualTo(ExitStatus.USAGE));
	}

	@Test
	void aMisspeltKeyIsAnErrorNotASilentDefault() throws Exception {
		Path file = Files.writeString(this.dir.resolve("c.yaml"), "server: http://a:1\ntokn: x\n");

		assertThatExceptionOfType(CommandFailure.class).isThrownBy(() -> ConfigFile.read(file, false))
			.withMessageContaining("unknown key 'tokn'");
	}

	@Test
	void aValueOfTheWrongKindOrAKeyGivenTwiceIsAnErrorNotASilentDefault() throws Exception {
		Path maybe = Files.writeString(this.dir.resolve("maybe.yaml"), "insecure: maybe\n");
		assertThatExceptionOfType(CommandFailure.class).isThrownBy(() -> ConfigFile.read(maybe, false))
			.withMessageContaining("sets insecure to 'maybe'; it takes true or false");
		Path quoted = Files.writeString(this.dir.resolve("quoted.yaml"), "insecure: \"yes\"\n");
		assertThatExceptionOfType(CommandFailure.class).isThrownBy(() -> ConfigFile.read(quoted, false))
			.withMessageContaining("it takes true or false");
		Path mapping = Files.writeString(this.dir.resolve("mapping.yaml"), "server: {a: 1}\n");
		assertThatExceptionOfType(CommandFailure.class).isThrownBy(() -> ConfigFile.read(mapping, false))
			.withMessageContaining("sets server to a mapping; it takes one value");
		Path twice = Files.writeString(this.dir.resolve("twice.yaml"), "server: http://a:1\nserver: http://b:1\n");
		assertThatExceptionOfType(CommandFailure.class).isThrownBy(() -> ConfigFile.read(twice, false))
			.withMessageContaining("'server'");
		Path yes = Files.writeString(this.dir.resolve("yes.yaml"), "insecure: true\n");
		assertThat(ConfigFile.read(yes, false).insecure()).isTrue();
	}

}
