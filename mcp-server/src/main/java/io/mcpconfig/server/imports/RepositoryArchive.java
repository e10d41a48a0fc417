package io.mcpconfig.server.imports;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import org.springframework.http.MediaType;

/**
 * Reads the regular files of an uploaded repository archive, a zip or a gzipped tar,
 * within bounds: an archive is small, but what it unpacks to need not be (a zip bomb), so
 * the number of files and the bytes unpacked are counted while reading.
 */
final class RepositoryArchive {

	static final MediaType ZIP = MediaType.parseMediaType("application/zip");

	static final MediaType GZIP = MediaType.parseMediaType("application/gzip");

	static final MediaType X_GZIP = MediaType.parseMediaType("application/x-gzip");

	/** The most files an archive may hold; a config repository has tens. */
	static final int MAX_FILES = 2000;

	private RepositoryArchive() {
	}

	/**
	 * @param archive the archive's bytes
	 * @param type its Content-Type: {@code application/zip} or {@code application/gzip}
	 * @param maxUnpacked the most bytes its files may hold together
	 * @throws ImportException when it is not such an archive or too large
	 */
	static List<RepositoryFile> read(byte[] archive, MediaType type, long maxUnpacked) {
		Budget budget = new Budget(maxUnpacked);
		try {
			if (ZIP.equalsTypeAndSubtype(type)) {
				return requireUniquePaths(readZip(archive, budget));
			}
			if (GZIP.equalsTypeAndSubtype(type) || X_GZIP.equalsTypeAndSubtype(type)) {
				return requireUniquePaths(readTarGz(archive, budget));
			}
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new ImportException("the body is not a readable " + type.getSubtype() + " archive: " + ex.getMessage());
		}
		throw new ImportException("send the repository as application/zip or application/gzip (a .tar.gz), not " + type);
	}

	/** A path twice would apply one of two contents, silently. */
	private static List<RepositoryFile> requireUniquePaths(List<RepositoryFile> files) {
		Set<String> paths = new HashSet<>();
		for (RepositoryFile file : files) {
			if (!paths.add(file.path())) {
				throw new ImportException("the archive holds " + file.path() + " twice");
			}
		}
		return files;
	}

	private static List<RepositoryFile> readZip(byte[] archive, Budget budget) throws IOException {
		List<RepositoryFile> files = new ArrayList<>();
		try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
			InputStream unpacked = budget.counted(zip);
			for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
				if (!entry.isDirectory()) {
					files.add(file(entry.getName(), unpacked, budget));
				}
			}
		}
		if (files.isEmpty() && archive.length > 0 && !(archive.length >= 4 && archive[0] == 'P' && archive[1] == 'K')) {
			throw new ImportException("the body is not a zip archive");
		}
		return files;
	}

	private static List<RepositoryFile> readTarGz(byte[] archive, Budget budget) throws IOException {
		List<RepositoryFile> files = new ArrayList<>();
		// the headers count too: a GNU long name or a PAX header is read whole into memory
		try (TarArchiveInputStream tar = new TarArchiveInputStream(
				budget.counted(new GZIPInputStream(new ByteArrayInputStream(archive))))) {
			for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
				if (entry.isFile()) {
					files.add(file(entry.getName(), tar, budget));
				}
			}
		}
		return files;
	}

	private static RepositoryFile file(String name, InputStream in, Budget budget) throws IOException {
		budget.countFile();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
			out.write(buffer, 0, read);
		}
		String path = name.replace('\\', '/');
		while (path.startsWith("./") || path.startsWith("/")) {
			path = path.substring(path.startsWith("./") ? 2 : 1);
		}
		return new RepositoryFile(path, out.toByteArray());
	}

	/** What is left to unpack. */
	private static final class Budget {

		private final long maxBytes;

		private long bytes;

		private int files;

		Budget(long maxBytes) {
			this.maxBytes = maxBytes;
		}

		void countFile() {
			if (++this.files > MAX_FILES) {
				throw new ImportException("the archive holds more than " + MAX_FILES + " files");
			}
		}

		/** The stream, each byte read or skipped from it counted. */
		InputStream counted(InputStream in) {
			return new FilterInputStream(in) {

				@Override
				public int read() throws IOException {
					int read = super.read();
					countBytes((read != -1) ? 1 : 0);
					return read;
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					int read = super.read(buffer, offset, length);
					countBytes(Math.max(read, 0));
					return read;
				}

				@Override
				public long skip(long n) throws IOException {
					long skipped = super.skip(n);
					countBytes(skipped);
					return skipped;
				}

			};
		}

		private void countBytes(long read) {
			this.bytes += read;
			if (this.bytes > this.maxBytes) {
				throw new ImportException("the archive unpacks to more than " + this.maxBytes
						+ " bytes (16 times mcp.server.max-body-size)");
			}
		}

	}

}
