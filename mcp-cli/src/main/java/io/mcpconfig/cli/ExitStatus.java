package io.mcpconfig.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code mcpctl} exits with: one code per kind of outcome, so that a script can tell
 * a missing release from a refused token from a center that is down.
 */
public enum ExitStatus {

	OK(0, "done"),

	USAGE(1, "usage error: unknown command or option, missing argument, unreadable file"),

	REFUSED(2, "refused by the center (400, 401, 403 and other 4xx); its reason is printed on stderr"),

	NOT_FOUND(3, "not found (404): no such release, target, overlay, gray release or token"),

	CONFLICT(4, "conflict (409, 412): --if-match names a version that is not current, the name is taken, or"
			+ " gray start while a gray release runs"),

	UNREACHABLE(5, "the center cannot be reached: connection refused, timed out, TLS handshake failed"),

	SERVER_ERROR(6, "the center failed (5xx), e.g. its release store is unavailable; a read it is too busy for"
			+ " (503, 429 with Retry-After) is tried again twice first"),

	INTERNAL(7, "mcpctl itself failed; the stack trace is printed"),

	OUTPUT_FAILED(8, "the output could not be written: standard output closed (a pipe's reader gone) or its disk full");

	private final int code;

	private final String meaning;

	ExitStatus(int code, String meaning) {
		this.code = code;
		this.meaning = meaning;
	}

	public int code() {
		return this.code;
	}

	/** The exit code list of {@code --help}: code, meaning. */
	static Map<String, String> helpList() {
		Map<String, String> list = new LinkedHashMap<>();
		for (ExitStatus status : values()) {
			list.put(String.valueOf(status.code), status.meaning);
		}
		return list;
	}

}
