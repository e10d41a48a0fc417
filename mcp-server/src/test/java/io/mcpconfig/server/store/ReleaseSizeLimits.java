package io.mcpconfig.server.store;

import org.springframework.util.unit.DataSize;

/** The size limit of the stores the tests make. */
public final class ReleaseSizeLimits {

	/** The center's default, {@code mcp.server.limits.max-release-size=4MB}. */
	public static final ReleaseSizeLimit DEFAULT = new ReleaseSizeLimit(DataSize.ofMegabytes(4));

	private ReleaseSizeLimits() {
	}

}
