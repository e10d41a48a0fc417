package io.mcpconfig.client.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.ConfigTarget;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.protocol.ConfigChecksum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

class SnapshotFileTests {

	private static final ConfigTarget TARGET = new ConfigTarget("shop", "prod");

	private static final Instant PUBLISHED = Instant.parse("2025-03-01T10:15:30.123Z");

	private static final Instant SAVED = Instant.parse("2025-03-01T10:15:31Z");

	private static final Instant NOW = Instant.parse("2025-03-02T00:00:00Z");

	private static final ProfilesAndLabels EU = new ProfilesAndLabels(List.of("eu", "postgres"),
			Map.of("zone", "b", "region", "eu-west"));

	@TempDir
	Path directory;

	@Test
	void readsBackExactlyWhatItWroteWhateverTheCharacters() throws IOException {
		Map<String, String> properties = Map.of("plain", "value", "quotes", "say \"hi\" \\ back\\slash",
				"lines", "one\ntwo\r\nthree\ttab", "unicode", "é ü 中文 😀 \u2028 \u2029 \u0085 \u0000 \u007f",
				"json-like", "{\"a\": [1, 2]} # not a comment", "empty", "", "spaces", "  padded  ");
		SnapshotFile file = new SnapshotFile(this.directory, TARGET);
		file.write(remote(7, properties), EU, SAVED);

		Snapshot snapshot = file.read(NOW).orElseThrow();
		HeldConfig config = snapshot.config();
		assertThat(config.properties()).isEqualTo(properties);
		assertThat(config.version()).isEqualTo(7);
		assertThat(config.checksum()).isEqualTo(ConfigChecksum.of(properties));
		assertThat(config.target()).isEqualTo(TARGET);
		assertThat(config.source()).isEqualTo(ConfigSource.SNAPSHOT);
		assertThat(config.publishedAt()).isEqualTo(PUBLISHED);
		assertThat(config.receivedAt()).isEqualTo(NOW);
		assertThat(snapshot.savedAt()).isEqualTo(SAVED);
		assertThat(snapshot.servedFor()).isEqualTo(EU);
	}

	@Test
	void isOneReadableJsonObjectWithOnePropertyPerLine() throws IOException {
		SnapshotFile file = new SnapshotFile(this.directory, TARGET);
		file.write(remote(3, Map.of("b", "2", "a", "1")), EU, SAVED);
		assertThat(Files.readString(file.path())).isEqualTo("""
				{
				  "format": 3,
				  "app": "shop",
				  "env": "prod",
				  "version": 3,
				  "checksum": "%s",
				  "publishedAt": "2025-03-01T10:15:30.123Z",
				  "savedAt": "2025-03-01T10:15:31Z",
				  "profiles": ["eu", "postgres"],
				  "labels": [["region", "eu-west"], ["zone", "b"]],
				  "properties": [
				    ["a", "1"],
				    ["b", "2"]
				  ]
				}
				""".formatted(ConfigChecksum.of(Map.of("a", "1", "b", "2"))));
	}

	@Test
	void noProfilesAndNoLabelsAreRecordedAsSuch() throws IOException {
		SnapshotFile file = new SnapshotFile(this.directory, TARGET);
		file.write(remote(1, Map.of()), new ProfilesAndLabels(List.of(), Map.of()), SAVED);
		assertThat(Files.readString(file.path())).contains("\"profiles\": [],\n  \"labels\": [],\n");
		assertThat(file.read(NOW).orElseThrow().servedFor()).isEqualTo(new ProfilesAndLabels(List.of(), Map.of()));
	}

	@Test
	void isForTheSameProfilesInTheSameOrderAndTheSameLabelsOnly() throws IOException {
		Snapshot snapshot = written(Map.of("a", "1")).read(NOW).orElseThrow();
		assertThat(snapshot.isFor(new ProfilesAndLabels(List.of("eu", "postgres"),
				Map.of("region", "eu-west", "zone", "b")))).isTrue();
		// a later profile's documents win: the other order may be served another configuration
		assertThat(snapshot.isFor(new ProfilesAndLabels(List.of("postgres", "eu"), EU.labels()))).isFalse();
		assertThat(snapshot.isFor(new ProfilesAndLabels(List.of("us", "postgres"), EU.labels()))).isFalse();
		assertThat(snapshot.isFor(new ProfilesAndLabels(EU.profiles(), Map.of("region", "eu-west")))).isFalse();
		assertThat(snapshot.isFor(new ProfilesAndLabels(EU.profiles(), Map.of("region", "us-east", "zone", "b"))))
			.isFalse();
	}

	@Test
	void aSnapshotOfTheFormerFormatIsReadAndTakenToBeForAnyInstance() throws IOException {
		SnapshotFile file = new SnapshotFile(this.directory, TARGET);
		Files.createDirectories(file.path().getParent());
		Files.writeString(file.path(), """
				{
				  "format": 2,
				  "app": "shop",
				  "env": "prod",
				  "version": 3,
				  "checksum": "%s",
				  "publishedAt": "2025-03-01T10:15:30.123Z",
				  "savedAt": "2025-03-01T10:15:31Z",
				  "properties": [
				    ["a", "1"],
				    ["b", "2"]
				  ]
				}
				""".formatted(ConfigChecksum.of(Map.of("a", "1", "b", "2"))));

		Snapshot snapshot = file.read(NOW).orElseThrow();
		assertThat(snapshot.config().properties()).isEqualTo(Map.of("a", "1", "b", "2"));
		assertThat(snapshot.servedFor()).isNull();
		assertThat(snapshot.isFor(EU)).isTrue();
	}

	@Test
	void keysLongerThanAYamlKeyMayBeRoundTrip() throws IOException {
		// the center accepts them; the YAML parser refuses an object key over 1024 characters
		Map<String, String> properties = Map.of("k".repeat(5000), "v".repeat(5000), "a", "1");
		SnapshotFile file = new SnapshotFile(this.directory, TARGET);
		file.write(remote(2, properties), EU, SAVED);

		assertThat(file.read(NOW).orElseThrow().config().properties()).isEqualTo(properties);
	}

	@Test
	void aSnapshotAnEarlierClientWroteIsStillRead() throws IOException {
		SnapshotFile file = new SnapshotFile(this.directory, TARGET);
		Files.createDirectories(file.path().getParent());
		Files.writeString(file.path(), """
				{
				  "format": 1,
				  "app": "shop",
				  "env": "prod",
				  "version": 3,
				  "checksum": "%s",
				  "publishedAt": "2025-03-01T10:15:30.123Z",
				  "savedAt": "2025-03-01T10:15:31Z",
				  "properties": {
				    "a": "1",
				    "b": "2"
				  }
				}
				""".formatted(ConfigChecksum.of(Map.of("a", "1", "b", "2"))));

		Snapshot snapshot = file.read(NOW).orElseThrow();
		assertThat(snapshot.config().properties()).isEqualTo(Map.of("a", "1", "b", "2"));
		assertThat(snapshot.isFor(EU)).isTrue();
	}

	@Test
	void emptyConfigurationRoundTrips() throws IOException {
		SnapshotFile file = new SnapshotFile(this.directory, TARGET);
		file.write(remote(1, Map.of()), EU, SAVED);
		assertThat(file.read(NOW).orElseThrow().config().properties()).isEmpty();
	}

	@Test
	void livesUnderTheAppThenTheEnvironment() {
		assertThat(new SnapshotFile(this.directory, TARGET).path())
			.isEqualTo(this.directory.resolve("shop").resolve("prod.snapshot.json"));
	}

	@Test
	void noSnapshotFileIsNoSnapshot() throws IOException {
		assertThat(new SnapshotFile(this.directory, TARGET).read(NOW)).isEmpty();
	}

	@Test
	void rewritingReplacesTheFileAndLeavesNoTemporaryFileBehind() throws IOException {
		SnapshotFile file = new SnapshotFile(this.directory, TARGET);
		file.write(remote(1, Map.of("a", "1")), EU, SAVED);
		// A hard link keeps the old file's content only if the new one was written elsewhere
		// and renamed over it, never if the old file was overwritten in place.
		Path old = this.directory.resolve("old.json");
		Files.createLink(old, file.path());

		file.write(remote(2, Map.of("a", "2")), EU, SAVED);

		assertThat(file.read(NOW).orElseThrow().config().version()).isEqualTo(2);
		assertThat(Files.readString(old)).contains("\"version\": 1,");
		try (var files = Files.list(file.path().getParent())) {
			assertThat(files).containsExactly(file.path());
		}
	}

	@Test
	void isReadableByItsOwnerOnly() throws IOException {
		assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
		SnapshotFile file = new SnapshotFile(this.directory.resolve("fresh"), TARGET);
		file.write(remote(1, Map.of("password", "secret")), EU, SAVED);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path().getParent())))
			.isEqualTo("rwx------");
	}

	@Test
	void aDirectoryThatCannotBeCreatedFailsTheWriteAndNothingElse() throws IOException {
		Path notADirectory = Files.writeString(this.directory.resolve("occupied"), "a file");
		SnapshotFile file = new SnapshotFile(notADirectory, TARGET);
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> file.write(remote(1, Map.of()), EU, SAVED));
		assertThat(Files.readString(notADirectory)).isEqualTo("a file");
	}

	@Test
	void truncatedFileIsInvalid() throws IOException {
		SnapshotFile file = written(Map.of("a", "1", "b", "2"));
		byte[] content = Files.readAllBytes(file.path());
		Files.write(file.path(), Arrays.copyOf(content, content.length / 2));
		assertInvalid(file, "is not valid JSON (truncated or damaged)");
	}

	@Test
	void garbageIsInvalid() throws IOException {
		SnapshotFile file = written(Map.of("a", "1"));
		Files.write(file.path(), new byte[] { 0x00, (byte) 0xff, 0x13, '{', '[' });
		assertInvalid(file, "is not valid JSON");
	}

	@Test
	void emptyFileIsInvalid() throws IOException {
		SnapshotFile file = written(Map.of("a", "1"));
		Files.write(file.path(), new byte[0]);
		assertInvalid(file, "it is empty");
	}

	@Test
	void editedValueNoLongerMatchesTheChecksum() throws IOException {
		SnapshotFile file = written(Map.of("sample.greeting", "hello"));
		edit(file, "\"hello\"", "\"hacked\"");
		assertInvalid(file, "its properties hash to " + ConfigChecksum.of(Map.of("sample.greeting", "hacked"))
				+ ", not to the checksum " + ConfigChecksum.of(Map.of("sample.greeting", "hello")));
	}

	@Test
	void snapshotOfAnotherTargetIsInvalid() throws IOException {
		SnapshotFile other = new SnapshotFile(this.directory.resolve("elsewhere"), new ConfigTarget("shop", "dev"));
		other.write(new HeldConfig(new ConfigTarget("shop", "dev"), 1, ConfigChecksum.of(Map.of("a", "1")),
				Map.of("a", "1"), ConfigSource.REMOTE, PUBLISHED, PUBLISHED), EU, SAVED);
		SnapshotFile file = new SnapshotFile(this.directory, TARGET);
		Files.createDirectories(file.path().getParent());
		Files.copy(other.path(), file.path());
		assertInvalid(file, "it holds the configuration of shop/dev, not shop/prod");
	}

	@Test
	void unknownFormatIsInvalid() throws IOException {
		SnapshotFile file = written(Map.of("a", "1"));
		edit(file, "\"format\": 3,", "\"format\": 4,");
		assertInvalid(file, "format 4 is not supported (this client reads formats 1 to 3)");
	}

	@Test
	void missingProfilesAreInvalidInTheFormatThatRecordsThem() throws IOException {
		SnapshotFile file = written(Map.of("a", "1"));
		edit(file, "\"profiles\"", "\"profile\"");
		assertInvalid(file, "\"profiles\" is missing or not an array");
	}

	@Test
	void nonStringLabelIsInvalid() throws IOException {
		SnapshotFile file = written(Map.of("a", "1"));
		edit(file, "[\"zone\", \"b\"]", "[\"zone\", 2]");
		assertInvalid(file, "label [zone, 2] is not a [key, value] pair of strings");
	}

	@Test
	void missingFieldIsInvalid() throws IOException {
		SnapshotFile file = written(Map.of("a", "1"));
		edit(file, "\"checksum\"", "\"checksun\"");
		assertInvalid(file, "\"checksum\" is missing or not a string");
	}

	@Test
	void nonStringPropertyIsInvalid() throws IOException {
		SnapshotFile file = written(Map.of("a", "1"));
		edit(file, "[\"a\", \"1\"]", "[\"a\", 1]");
		assertInvalid(file, "property [a, 1] is not a [key, value] pair of strings");
	}

	private SnapshotFile written(Map<String, String> properties) throws IOException {
		SnapshotFile file = new SnapshotFile(this.directory, TARGET);
		file.write(remote(4, properties), EU, SAVED);
		return file;
	}

	private static void edit(SnapshotFile file, String from, String to) throws IOException {
		String content = Files.readString(file.path(), StandardCharsets.US_ASCII);
		assertThat(content).contains(from);
		Files.writeString(file.path(), content.replace(from, to));
	}

	private static void assertInvalid(SnapshotFile file, String reason) {
		assertThatExceptionOfType(InvalidSnapshotException.class).isThrownBy(() -> file.read(NOW))
			.withMessageStartingWith(file.path() + ": ")
			.withMessageContaining(reason);
	}

	private static HeldConfig remote(long version, Map<String, String> properties) {
		return new HeldConfig(TARGET, version, ConfigChecksum.of(properties), properties, ConfigSource.REMOTE,
				PUBLISHED, SAVED);
	}

}
