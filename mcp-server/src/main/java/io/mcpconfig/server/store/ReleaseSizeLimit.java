package io.mcpconfig.server.store;

import io.mcpconfig.server.release.ContentSize;
import io.mcpconfig.server.release.Release;
import io.mcpconfig.server.release.ReleaseContent;
import io.mcpconfig.server.release.Target;

import org.springframework.util.unit.DataSize;

/**
 * The most a release may hold ({@code mcp.server.limits.max-release-size}): its own
 * configuration, the shared layer, the overlays and the gray release together. Each part
 * is bounded by the publish limits on its own; this bounds what they add up to, which is
 * what one store write and one push carry. Checked by the stores on every release they
 * are about to write, inside their compare-and-set, so no way of publishing goes around it.
 */
public final class ReleaseSizeLimit {

	private static final String PROPERTY = "mcp.server.limits.max-release-size";

	private final long maxBytes;

	public ReleaseSizeLimit(DataSize max) {
		if (max.toBytes() < 1) {
			throw new IllegalArgumentException(PROPERTY + " must be 1 byte or more, was " + max);
		}
		this.maxBytes = max.toBytes();
	}

	/**
	 * A release over the limit is refused unless it is no larger than the one it follows:
	 * one stored before the limit was lowered may still lose its gray release or an
	 * overlay, or take in a smaller shared layer.
	 * @param target whose release it is
	 * @param next what the next release would hold
	 * @param current the release it follows, {@code null} for none
	 * @throws ReleaseTooLargeException naming the target, its parts' sizes and the setting
	 */
	public void check(Target target, ReleaseContent next, Release current) {
		ContentSize size = ContentSize.of(next);
		if (size.total() <= this.maxBytes
				|| (current != null && size.total() <= ContentSize.of(current.content()).total())) {
			return;
		}
		throw new ReleaseTooLargeException("the release of " + target + " would hold " + size.total()
				+ " bytes of keys and values, more than the " + this.maxBytes + " allowed (" + PROPERTY + "): "
				+ describe(size));
	}

	private static String describe(ContentSize size) {
		StringBuilder parts = new StringBuilder("its own configuration " + size.own());
		if (size.shared() > 0) {
			parts.append(", the shared layer ").append(size.shared());
		}
		if (size.overlays() > 0) {
			parts.append(", its overlays ").append(size.overlays());
		}
		if (size.gray() > 0) {
			parts.append(", the gray release ").append(size.gray());
		}
		return parts.toString();
	}

}
