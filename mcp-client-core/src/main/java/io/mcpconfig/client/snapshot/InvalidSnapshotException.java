package io.mcpconfig.client.snapshot;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A snapshot file exists but cannot serve: it is not valid JSON (truncated, corrupt), has
 * an unknown format, belongs to another target, or its properties do not match its
 * checksum. The message names the file and why.
 */
public class InvalidSnapshotException extends IOException {

	InvalidSnapshotException(Path file, String reason) {
		super(file + ": " + reason);
	}

	InvalidSnapshotException(Path file, String reason, Throwable cause) {
		super(file + ": " + reason, cause);
	}

}
