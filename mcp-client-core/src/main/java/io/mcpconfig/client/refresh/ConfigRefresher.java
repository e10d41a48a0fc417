package io.mcpconfig.client.refresh;

import io.mcpconfig.client.event.ConfigChangeEvent;

/**
 * Brings beans up to date after the held configuration changed, without reading it
 * again from anywhere: the property source is live, so beans only need to re-read the
 * {@code Environment}.
 */
@FunctionalInterface
public interface ConfigRefresher {

	/**
	 * Refreshes what depends on the changed properties.
	 * @param event the change, already visible in the {@code Environment}
	 */
	void refresh(ConfigChangeEvent event);

	/**
	 * Refreshes what depends on the changed properties and marks the stages it completes
	 * ({@link ApplyStage#REBOUND}, {@link ApplyStage#REFRESH_SCOPE_REFRESHED}). By
	 * default it refreshes and marks nothing: a refresher of the application's own has no
	 * stage of its own to report.
	 * @param event the change, already visible in the {@code Environment}
	 * @param stages where the stages of this release are recorded
	 */
	default void refresh(ConfigChangeEvent event, ApplyTimings.Recorder stages) {
		refresh(event);
	}

}
