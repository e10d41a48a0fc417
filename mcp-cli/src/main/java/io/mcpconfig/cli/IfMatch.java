package io.mcpconfig.cli;

import picocli.CommandLine.Option;

/** {@code --if-match VERSION} of every command that makes a release: compare-and-set on the current version. */
public final class IfMatch {

	@Option(names = "--if-match", paramLabel = "VERSION",
			description = "only if VERSION is current (0: only if there is no release yet); else exit 4, change nothing")
	private Long version;

	/** The version to send as {@code If-Match}, {@code null} for none. */
	public Long version() {
		return this.version;
	}

}
