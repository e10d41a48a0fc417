package io.mcpconfig.testsupport.process;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Class data sharing for the JVMs that tests and benchmarks start: a jar runs with an
 * archive that one training run wrote for the same JVM options. The tests start the center
 * and mcpctl dozens of times each, and such a JVM starts faster: the center in 3.6 s
 * instead of 7.3 s on a 2-core host, an mcpctl command in 1.0 s instead of 1.2 s (picocli's
 * classes are of a format too old to archive).
 */
public final class ClassDataSharing {

	private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(2);

	private ClassDataSharing() {
	}

	/**
	 * How the tests' archive of one jar is trained.
	 * @param extractBootJar whether to run the jar extracted by Spring Boot's jar tools
	 * (the classes of a Boot jar's nested jars cannot be archived)
	 * @param jvmOptions options of the training run only, such as
	 * {@code -Dspring.context.exit=onRefresh}
	 * @param arguments the program's arguments: a run that loads what a real one loads and
	 * then ends; its exit code does not matter
	 */
	public record Training(boolean extractBootJar, List<String> jvmOptions, List<String> arguments) {
	}

	/**
	 * What follows the JVM options on the command line to run {@code jar} with those options:
	 * the (extracted) jar with its archive, or the plain jar when neither can be had.
	 * <p>
	 * Both live beside the jar, so the tests of every module share them, and are made again
	 * when the jar changes. A step that fails leaves the plain {@code -jar} launch, slower and
	 * otherwise the same, until the jar changes.
	 * @param training how to train the archive, given a directory the training run may write to
	 */
	public static synchronized List<String> launch(Path jar, List<String> jvmOptions,
			Function<Path, Training> training) {
		Path dir = jar.resolveSibling(baseName(jar) + "-cds");
		String key = Integer.toHexString(jvmOptions.hashCode());
		Path archive = dir.resolve("app-" + key + ".jsa");
		Path failed = dir.resolve("app-" + key + ".failed");
		// across JVMs too: the tests of two modules may start at once
		try (FileChannel channel = FileChannel.open(jar.resolveSibling(baseName(jar) + "-cds.lock"),
				StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
			Training how = training.apply(dir.resolve("training-" + key));
			Path launched = how.extractBootJar() ? dir.resolve("jar").resolve(jar.getFileName()) : jar;
			String stamp = stamp(jar);
			Path stampFile = dir.resolve("jar.stamp");
			if (!Files.isRegularFile(stampFile) || !Files.readString(stampFile).equals(stamp)) {
				deleteRecursively(dir);
				Files.createDirectories(dir);
				// first: a failure below is then remembered until the jar changes
				Files.writeString(stampFile, stamp);
			}
			if (Files.exists(failed)) {
				return List.of("-jar", jar.toString());
			}
			if (how.extractBootJar() && !Files.isRegularFile(launched)) {
				extractBootJar(jar, launched.getParent());
			}
			if (!Files.isRegularFile(archive)) {
				List<String> options = new ArrayList<>(jvmOptions);
				options.addAll(how.jvmOptions());
				train(launched, options, how.arguments(), archive);
			}
			return List.of("-XX:SharedArchiveFile=" + archive, "-jar", launched.toString());
		}
		catch (IOException | RuntimeException ex) {
			System.err.println("Running " + jar.getFileName() + " without class data sharing: " + ex.getMessage());
			try {
				if (Files.isDirectory(dir)) {
					// each try would cost another extraction or training run
					Files.writeString(failed, String.valueOf(ex));
				}
			}
			catch (IOException notRecorded) {
				// the next launch tries again
			}
			return List.of("-jar", jar.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return List.of("-jar", jar.toString());
		}
	}

	/**
	 * Extracts a Spring Boot jar with its jar tools ({@code -Djarmode=tools extract}), as
	 * Boot documents for class data sharing.
	 * @return the jar to run, in {@code destination}
	 */
	public static Path extractBootJar(Path jar, Path destination) throws IOException, InterruptedException {
		Files.createDirectories(destination.getParent());
		ChildJvm.runToEnd(List.of(JavaCommand.path(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
				"--destination", destination.toString()),
				destination.resolveSibling(destination.getFileName() + "-extract.log"), TOOL_TIMEOUT);
		return destination.resolve(jar.getFileName());
	}

	/**
	 * Writes {@code archive} in a training run of {@code jar}, whatever that run exits with;
	 * its output is logged beside the archive.
	 * @throws IllegalStateException when the run wrote no archive
	 */
	public static void train(Path jar, List<String> jvmOptions, List<String> arguments, Path archive)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(JavaCommand.path());
		command.addAll(jvmOptions);
		command.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-jar", jar.toString()));
		command.addAll(arguments);
		Path log = archive.resolveSibling(archive.getFileName() + ".log");
		ChildJvm.runToAnyEnd(command, log, TOOL_TIMEOUT);
		if (!Files.isRegularFile(archive)) {
			throw new IllegalStateException("the training run wrote no archive; see " + log);
		}
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
