package io.mcpconfig.testsupport.process;

import java.nio.file.Path;

/**
 * The {@code java} command of the running JVM, for the JVMs that tests and benchmarks
 * start of their own: the same Java, whatever {@code PATH} says.
 */
public final class JavaCommand {

	private JavaCommand() {
	}

	/** The path of this JVM's {@code java} launcher. */
	public static String path() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
