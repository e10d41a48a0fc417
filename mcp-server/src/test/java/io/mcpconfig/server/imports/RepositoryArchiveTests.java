package io.mcpconfig.server.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An uploaded archive is read within its bounds: what it unpacks to, headers included, and
 * how many files it holds; a hostile archive is refused before it fills the memory.
 */
class RepositoryArchiveTests {

	private static final long BUDGET = 10_000;

	@Test
	void aZipThatUnpacksToMoreThanTheBudgetIsRefused() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			zip.putNextEntry(new ZipEntry("application.yml"));
			zip.write(new byte[(int) BUDGET + 1]);
			zip.closeEntry();
		}
		assertThatExceptionOfType(ImportException.class)
			.isThrownBy(() -> RepositoryArchive.read(bytes.toByteArray(), RepositoryArchive.ZIP, BUDGET))
			.withMessageContaining("unpacks to more than " + BUDGET + " bytes");
	}

	@Test
	void anArchiveWithMoreFilesThanAllowedIsRefused() {
		Map<String, String> files = new LinkedHashMap<>();
		for (int i = 0; i <= RepositoryArchive.MAX_FILES; i++) {
			files.put("f" + i + ".yml", "");
		}
		assertThatExceptionOfType(ImportException.class)
			.isThrownBy(() -> RepositoryArchive.read(RepositoryImportTests.tarGz(files), RepositoryArchive.GZIP,
					Long.MAX_VALUE))
			.withMessageContaining("more than " + RepositoryArchive.MAX_FILES + " files");
	}

	/** commons-compress reads a GNU long name whole into memory: 300 KB of gzip can name an entry with 300 MB. */
	@Test
	void aTarEntryNameLongerThanTheBudgetIsRefused() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
			TarArchiveEntry entry = new TarArchiveEntry("a".repeat((int) BUDGET * 2) + ".yml");
			entry.setSize(1);
			tar.putArchiveEntry(entry);
			tar.write('x');
			tar.closeArchiveEntry();
		}
		assertThatExceptionOfType(ImportException.class)
			.isThrownBy(() -> RepositoryArchive.read(bytes.toByteArray(), RepositoryArchive.GZIP, BUDGET))
			.withMessageContaining("unpacks to more than " + BUDGET + " bytes");
	}

	@Test
	void filesWithinTheBudgetAreReadWithTheirPaths() {
		var files = RepositoryArchive.read(RepositoryImportTests.tarGz(Map.of("repo/application.yml", "a: 1\n")),
				RepositoryArchive.GZIP, BUDGET);
		assertThat(files).singleElement().satisfies((file) -> {
			assertThat(file.path()).isEqualTo("repo/application.yml");
			assertThat(new String(file.content(), StandardCharsets.UTF_8)).isEqualTo("a: 1\n");
		});
	}

}
