package io.mcpconfig.server.rollout;

import java.util.SortedSet;

/**
 * Who gets a gray release, as a {@code PUT .../gray} asks.
 *
 * @param percentage 0 to 100 of the instances matching {@code selector}
 * @param selector the population the percentage is taken of ({@link Selector#ALL}: every instance)
 * @param instances instance ids that are always in
 * @param abortOnNack whether the first NACK of a gray instance aborts the gray
 */
public record GrayRule(int percentage, Selector selector, SortedSet<String> instances, boolean abortOnNack) {

	public GrayRule {
		Gray.requirePercentage(percentage);
		if (percentage == 0 && instances.isEmpty()) {
			throw new InvalidRolloutException("the gray reaches no instance: give a percentage above 0 (of the"
					+ " instances matching the selector, of all when there is none) or instance ids");
		}
	}

	/** For people: {@code 10% of region=eu and instances a,b}, or {@code instances a,b} alone. */
	public String described() {
		String ids = "instances " + String.join(",", instances);
		if (percentage == 0) {
			return ids;
		}
		String who = percentage + "% of " + selector.described();
		return instances.isEmpty() ? who : who + " and " + ids;
	}

}
