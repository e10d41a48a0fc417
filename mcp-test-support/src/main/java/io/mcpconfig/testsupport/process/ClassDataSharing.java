package io.mcpconfig.testsupport.process;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

import io.mcpconfig.testsupport.files.Directories;

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
		// an archive serves one JVM and one set of options
		String key = Integer.toHexString(
				Objects.hash(jvmOptions, System.getProperty("java.home"), Runtime.version().toString()));
		Path archive = dir.resolve("app-" + key + ".jsa");
		Path failed = dir.resolve("app-" + key + ".failed");
		// across JVMs too: the tests of two modules may start at once
		try (FileChannel channel = FileChannel.open(jar.resolveSibling(baseName(jar) + "-cds.lock"),
				StandardOpenOption.CREATE, StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
			String stamp = stamp(jar);
			Path stampFile = dir.resolve("jar.stamp");
			if (!Files.isRegularFile(stampFile) || !Files.readString(stampFile).equals(stamp)) {
				Directories.deleteRecursively(dir);
				Files.createDirectories(dir);
				Files.writeString(stampFile, stamp);
			}
			if (Files.exists(failed)) {
				return plain(jar);
			}
			try {
				return prepared(jar, jvmOptions, training.apply(dir.resolve("training-" + key)), archive);
			}
			catch (IOException | RuntimeException ex) {
				// until the jar changes: each try would cost another extraction or training run
				Files.writeString(failed, String.valueOf(ex));
				return withoutSharing(jar, ex);
			}
		}
		catch (InterruptedException | ClosedByInterruptException | FileLockInterruptionException ex) {
			Thread.currentThread().interrupt();
			return plain(jar);
		}
		catch (IOException ex) {
			return withoutSharing(jar, ex);
		}
	}

	/** The launch on the archive, which is made first when missing. */
	private static List<String> prepared(Path jar, List<String> jvmOptions, Training how, Path archive)
			throws IOException, InterruptedException {
		Path launched = jar;
		if (how.extractBootJar()) {
			Path extracted = archive.resolveSibling("jar");
			if (!Files.isDirectory(extracted)) {
				// whole or not at all: a run cut short leaves only the scratch directory
				Path scratch = archive.resolveSibling("jar-" + UUID.randomUUID());
				extractBootJar(jar, scratch);
				Files.move(scratch, extracted, StandardCopyOption.ATOMIC_MOVE);
			}
			launched = extracted.resolve(jar.getFileName());
		}
		if (!Files.isRegularFile(archive)) {
			List<String> options = new ArrayList<>(jvmOptions);
			options.addAll(how.jvmOptions());
			Path scratch = archive.resolveSibling(archive.getFileName() + "-" + UUID.randomUUID());
			train(launched, options, how.arguments(), scratch, log(archive));
			Files.move(scratch, archive, StandardCopyOption.ATOMIC_MOVE);
		}
		return List.of("-XX:SharedArchiveFile=" + archive, "-jar", launched.toString());
	}

	private static List<String> plain(Path jar) {
		return List.of("-jar", jar.toString());
	}

	private static List<String> withoutSharing(Path jar, Exception why) {
		System.err.println("Running " + jar.getFileName() + " without class data sharing: " + why.getMessage());
		return plain(jar);
	}

	/**
	 * Extracts a Spring Boot jar with its jar tools ({@code -Djarmode=tools extract}), as
	 * Boot documents for class data sharing.
	 * @return the jar to run, in {@code destination}
	 * @throws IllegalStateException when the tools did not run or extracted no such jar (the
	 * jar is no Spring Boot jar)
	 */
	public static Path extractBootJar(Path jar, Path destination) throws IOException, InterruptedException {
		Files.createDirectories(destination.getParent());
		Path log = destination.resolveSibling(destination.getFileName() + "-extract.log");
		ChildJvm.runToEnd(List.of(JavaCommand.path(), "-Djarmode=tools", "-jar", jar.toString(), "extract",
				"--destination", destination.toString()), log, TOOL_TIMEOUT);
		Path extracted = destination.resolve(jar.getFileName());
		if (!Files.isRegularFile(extracted)) {
			throw new IllegalStateException(
					"Spring Boot's jar tools extracted no " + jar.getFileName() + " into " + destination + "; see " + log);
		}
		return extracted;
	}

	/**
	 * Writes {@code archive} in a training run of {@code jar}, whatever that run exits with;
	 * its output is logged beside the archive.
	 * @throws IllegalStateException when the run wrote no archive
	 */
	public static void train(Path jar, List<String> jvmOptions, List<String> arguments, Path archive)
			throws IOException, InterruptedException {
		train(jar, jvmOptions, arguments, archive, log(archive));
	}

	private static void train(Path jar, List<String> jvmOptions, List<String> arguments, Path archive, Path log)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(JavaCommand.path());
		command.addAll(jvmOptions);
		command.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-jar", jar.toString()));
		command.addAll(arguments);
		ChildJvm.runToAnyEnd(command, log, TOOL_TIMEOUT);
		if (!Files.isRegularFile(archive)) {
			throw new IllegalStateException("the training run wrote no archive; see " + log);
		}
	}

	private static Path log(Path archive) {
		return archive.resolveSibling(archive.getFileName() + ".log");
	}

	private static String stamp(Path jar) throws IOException {
		BasicFileAttributes attributes = Files.readAttributes(jar, BasicFileAttributes.class);
		return attributes.size() + " " + attributes.lastModifiedTime().toMillis();
	}

	private static String baseName(Path jar) {
		String name = jar.getFileName().toString();
		return name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
	}

}
