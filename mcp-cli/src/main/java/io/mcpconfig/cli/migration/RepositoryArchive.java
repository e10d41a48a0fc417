package io.mcpconfig.cli.migration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.mcpconfig.cli.CommandFailure;
import io.mcpconfig.cli.ExitStatus;
import io.mcpconfig.cli.UnreadableFile;
import io.mcpconfig.cli.connection.Payload;

/**
 * A Spring Cloud Config repository as the center's import takes it: a {@code .zip} or
 * {@code .tar.gz} sent as it is, or a folder whose configuration files at its root are
 * zipped here (the center reads only those).
 */
final class RepositoryArchive {

	private RepositoryArchive() {
	}

	/**
	 * The repository as the center takes it.
	 * @param skipped told what of a folder is not sent, and why, as the center tells of an
	 * archive: a file is never left out silently
	 */
	static Payload read(Path source, Consumer<String> skipped) {
		try {
			if (Files.isDirectory(source)) {
				return new Payload(zipRootFiles(source, skipped), "application/zip");
			}
			String name = source.getFileName().toString().toLowerCase(Locale.ROOT);
			if (name.endsWith(".zip")) {
				return new Payload(Files.readAllBytes(source), "application/zip");
			}
			if (name.endsWith(".tar.gz") || name.endsWith(".tgz")) {
				return new Payload(Files.readAllBytes(source), "application/gzip");
			}
		}
		catch (IOException ex) {
			throw UnreadableFile.failure(source, ex);
		}
		throw new CommandFailure(ExitStatus.USAGE,
				source + ": name a folder, a .zip or a .tar.gz (.tgz) of the repository");
	}

	private static byte[] zipRootFiles(Path folder, Consumer<String> skipped) throws IOException {
		List<Path> entries;
		try (Stream<Path> listed = Files.list(folder)) {
			// hidden ones (.git) are no configuration, nor news
			entries = listed.filter((entry) -> !entry.getFileName().toString().startsWith(".")).sorted().toList();
		}
		List<Path> files = new ArrayList<>();
		for (Path entry : entries) {
			String name = entry.getFileName().toString();
			if (Files.isDirectory(entry)) {
				skipped.accept("skipped " + name + "/: a folder, not the repository root, where Spring Cloud Config looks");
			}
			else if (Files.isRegularFile(entry) && isConfiguration(entry)) {
				files.add(entry);
			}
			else {
				skipped.accept("skipped " + name + ": not a .yml, .yaml or .properties file");
			}
		}
		if (files.isEmpty()) {
			throw new CommandFailure(ExitStatus.USAGE,
					folder + " holds no .yml, .yaml or .properties file at its root");
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (Path file : files) {
				zip.putNextEntry(new ZipEntry(file.getFileName().toString()));
				zip.write(Files.readAllBytes(file));
				zip.closeEntry();
			}
		}
		return bytes.toByteArray();
	}

	private static boolean isConfiguration(Path file) {
		String name = file.getFileName().toString();
		return name.endsWith(".yml") || name.endsWith(".yaml") || name.endsWith(".properties");
	}

}
