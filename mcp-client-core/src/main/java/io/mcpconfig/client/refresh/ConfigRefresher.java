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

}
