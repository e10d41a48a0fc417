package io.mcpconfig.testsupport.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real JVM trains the archive of a small jar and runs on it; a step that fails leaves the
 * plain jar.
 */
class ClassDataSharingTests {

	private static final List<String> JVM_OPTIONS = List.of("-Xmx64m");

	private static final ClassDataSharing.Training RUN_ONCE = new ClassDataSharing.Training(false, List.of(),
			List.of("training"));

	@TempDir
	Path dir;

	@Test
	void theJarRunsOnTheArchiveOneTrainingRunWroteUntilTheJarChanges() throws Exception {
		Path jar = jarOf(Greeter.class);

		List<String> launch = ClassDataSharing.launch(jar, JVM_OPTIONS, (trainingDir) -> RUN_ONCE);

		assertThat(launch).hasSize(3).endsWith("-jar", jar.toString());
		Path archive = archiveOf(launch);
		assertThat(archive).isRegularFile().hasParent(this.dir.resolve("greeter-cds"));
		assertThat(Files.readString(archive.resolveSibling(archive.getFileName() + ".log"))).contains("hello training");
		// -Xshare:on: the JVM refuses to start when it cannot map the archive
		assertThat(run(launch, "-Xshare:on")).contains("hello world");
		FileTime trained = Files.getLastModifiedTime(archive);

		assertThat(ClassDataSharing.launch(jar, JVM_OPTIONS, (trainingDir) -> RUN_ONCE)).isEqualTo(launch);
		assertThat(Files.getLastModifiedTime(archive)).isEqualTo(trained);

		Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
		assertThat(ClassDataSharing.launch(jar, JVM_OPTIONS, (trainingDir) -> RUN_ONCE)).isEqualTo(launch);
		assertThat(archive).isRegularFile();
		assertThat(Files.getLastModifiedTime(archive)).isNotEqualTo(trained);
	}

	@Test
	void otherJvmOptionsHaveAnArchiveOfTheirOwn() throws Exception {
		Path jar = jarOf(Greeter.class);

		List<String> small = ClassDataSharing.launch(jar, JVM_OPTIONS, (trainingDir) -> RUN_ONCE);
		List<String> larger = ClassDataSharing.launch(jar, List.of("-Xmx96m"), (trainingDir) -> RUN_ONCE);

		assertThat(archiveOf(larger)).isNotEqualTo(archiveOf(small));
		assertThat(archiveOf(small)).isRegularFile();
	}

	@Test
	void aStepThatFailsLeavesThePlainJarUntilTheJarChanges() throws Exception {
		Path jar = jarOf(Greeter.class);
		// not a Spring Boot jar: its main runs instead of Boot's jar tools, and extracts nothing
		ClassDataSharing.Training extract = new ClassDataSharing.Training(true, List.of(), List.of("training"));

		assertThat(ClassDataSharing.launch(jar, JVM_OPTIONS, (trainingDir) -> extract)).containsExactly("-jar",
				jar.toString());
		Path failed;
		try (Stream<Path> files = Files.list(this.dir.resolve("greeter-cds"))) {
			failed = files.filter((file) -> file.getFileName().toString().endsWith(".failed")).findFirst().orElseThrow();
		}
		assertThat(Files.readString(failed)).contains("extracted no greeter.jar");
		assertThat(run(List.of("-jar", jar.toString()))).contains("hello world");

		assertThat(ClassDataSharing.launch(jar, JVM_OPTIONS, (trainingDir) -> RUN_ONCE)).containsExactly("-jar",
				jar.toString());

		Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));
		assertThat(ClassDataSharing.launch(jar, JVM_OPTIONS, (trainingDir) -> RUN_ONCE)).hasSize(3);
	}

	private static Path archiveOf(List<String> launch) {
		assertThat(launch.get(0)).startsWith("-XX:SharedArchiveFile=");
		return Path.of(launch.get(0).substring("-XX:SharedArchiveFile=".length()));
	}

	private String run(List<String> launch, String... moreOptions) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(JavaCommand.path()));
		command.addAll(JVM_OPTIONS);
		command.addAll(List.of(moreOptions));
		command.addAll(launch);
		command.add("world");
		Path log = Files.createTempFile(this.dir, "run", ".log");
		ChildJvm.runToEnd(command, log, Duration.ofSeconds(60));
		return Files.readString(log);
	}

	private Path jarOf(Class<?> main) throws IOException {
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, main.getName());
		Path jar = this.dir.resolve("greeter.jar");
		String entry = main.getName().replace('.', '/') + ".class";
		try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest);
				InputStream classFile = main.getClassLoader().getResourceAsStream(entry)) {
			jarOut.putNextEntry(new JarEntry(entry));
			classFile.transferTo(jarOut);
			jarOut.closeEntry();
		}
		return jar;
	}

	/** The jar's main: says hello to its argument. */
	public static final class Greeter {

		private Greeter() {
		}

		public static void main(String[] args) {
			System.out.println("hello " + args[0]);
		}

	}

}
