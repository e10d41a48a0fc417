package io.mcpconfig.server.instance;

import java.util.List;

/**
 * What an instance runs beyond its version: the checksum of its configuration, whether it
 * is in the gray release and which overlays apply to it.
 *
 * @param checksum the checksum of what it holds
 * @param gray whether what it holds is a gray release's
 * @param overlays the overlays in what it holds, in apply order
 */
public record Running(String checksum, boolean gray, List<String> overlays) {

	public Running {
		checksum = (checksum != null) ? checksum : "";
		overlays = (overlays != null) ? List.copyOf(overlays) : List.of();
	}

	/** What an instance reports holding before the center knows what it is. */
	public static Running holding(String checksum) {
		return new Running(checksum, false, List.of());
	}

}
