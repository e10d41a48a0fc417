package io.mcpconfig.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A file given on the command line that cannot be read, said as a person would say it. */
public final class UnreadableFile {

	private UnreadableFile() {
	}

	/** A usage failure that names the file and why it cannot be read, without the exception's class name. */
	public static CommandFailure failure(Path file, IOException ex) {
		return new CommandFailure(ExitStatus.USAGE, "cannot read " + file + ": " + reason(ex), ex);
	}

	private static String reason(IOException ex) {
		if (ex instanceof NoSuchFileException) {
			return "no such file";
		}
		if (ex instanceof AccessDeniedException) {
			return "permission denied";
		}
		if (ex instanceof FileSystemException system && system.getReason() != null) {
			return system.getReason();
		}
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

}
