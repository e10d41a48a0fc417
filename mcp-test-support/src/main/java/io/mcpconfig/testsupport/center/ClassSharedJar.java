package io.mcpconfig.testsupport.center;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.mcpconfig.testsupport.process.JavaCommand;

/**
 * The center's runnable jar as the tests launch it: extracted once per build with Spring
 * Boot's jar tools, and run with a class-data-sharing archive that one training start
 * ({@code spring.context.exit=onRefresh}) wrote for the same JVM options. A center then
 * starts in about half the time (3.6 against 7.3 s on a 2-core host), and a full build
 * starts one some sixty times.
 * <p>
 * Both live beside the jar, so every module's tests share them, and are made again when
 * the jar changes. Any step that fails leaves the plain {@code -jar} launch, which is slower
 * and otherwise the same.
 */
final class ClassSharedJar {

	private static final long TOOL_TIMEOUT_SECONDS = 120;

	private ClassSharedJar() {
	}

	/**
	 * What follows the JVM options on the command line to run {@code jar}: the extracted
	 * jar with its archive, or the jar itself when neither can be had.
	 */
	static synchronized List<String> launch(Path jar, List<String> jvmOptions) {
		Path dir = jar.resolveSibling(baseName(jar) + "-cds");
		Path extracted = dir.resolve(jar.getFileName());
		Path archive = dir.resolve("app-" + Integer.toHexString(jvmOptions.hashCode()) + ".jsa");
		Path failed = dir.resolve(archive.getFileName() + ".failed");
		// across JVMs: the tests of one module, or two modules built side by side
		try (FileChannel channel = FileChannel.open(jar.resolveSibling(baseName(jar) + "-cds.lock"),
				StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
			String stamp = stamp(jar);
			Path stampFile = dir.resolve("jar.stamp");
			if (!Files.isRegularFile(stampFile) || !Files.readString(stampFile).equals(stamp)) {
				deleteRecursively(dir);
				run(List.of(JavaCommand.path(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination",
						dir.toString()), jar.resolveSibling(baseName(jar) + "-cds-extract.log"));
				Files.writeString(stampFile, stamp);
			}
			if (Files.exists(failed)) {
				return plain(jar);
			}
			if (!Files.isRegularFile(archive)) {
				train(extracted, archive, jvmOptions, dir);
			}
			return List.of("-XX:SharedArchiveFile=" + archive, "-jar", extracted.toString());
		}
		catch (IOException | RuntimeException ex) {
			System.err.println("Launching the center without class data sharing: " + ex.getMessage());
			try {
				if (Files.isDirectory(dir)) {
					Files.writeString(failed, String.valueOf(ex));
				}
			}
			catch (IOException notRecorded) {
				// the next start tries again
			}
			return plain(jar);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return plain(jar);
		}
	}

	private static void train(Path extracted, Path archive, List<String> jvmOptions, Path dir)
			throws IOException, InterruptedException {
		Path data = Files.createTempDirectory("mcp-cds-training");
		try {
			List<String> command = new ArrayList<>();
			command.add(JavaCommand.path());
			command.addAll(jvmOptions);
			command.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh", "-jar",
					extracted.toString(), "--server.port=0", "--server.address=127.0.0.1", "--grpc.server.port=0",
					"--grpc.server.address=127.0.0.1", "--mcp.server.file.dir=" + data.resolve("data"),
					"--mcp.server.security.admin-token=" + McpServerProcess.ADMIN_TOKEN));
			run(command, dir.resolve("training.log"));
			if (!Files.isRegularFile(archive)) {
				throw new IOException("the training start wrote no archive; see " + dir.resolve("training.log"));
			}
		}
		finally {
			deleteRecursively(data);
		}
	}

	private static void run(List<String> command, Path log) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()))
			.start();
		if (!process.waitFor(TOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
			process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			throw new IOException(command.get(command.size() - 1) + " did not end within " + TOOL_TIMEOUT_SECONDS
					+ " s; see " + log);
		}
		if (process.exitValue() != 0) {
			throw new IOException("exit " + process.exitValue() + " of " + String.join(" ", command) + "; see " + log);
		}
	}

	private static List<String> plain(Path jar) {
		return List.of("-jar", jar.toString());
	}

	private static String stamp(Path jar) throws IOException {
		BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
		return attributes.size() + " " + attributes.lastModifiedTime().toMillis();
	}

	private static String baseName(Path jar) {
		String name = jar.getFileName().toString();
		return name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
	}

	private static void deleteRecursively(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

}
