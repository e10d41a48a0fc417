package io.mcpconfig.client.refresh;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;

import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.event.ConfigChangeEvent;

/**
 * Applies a new configuration to the running application: swaps what the client holds,
 * publishes the {@link ConfigChangeEvent}, then refreshes beans through the
 * {@link ConfigRefresher}s, in that order.
 */
public class ConfigApplier {

	private static final Log logger = LogFactory.getLog(ConfigApplier.class);

	private final McpConfigClient client;

	private final ApplicationEventPublisher publisher;

	private final ObjectProvider<ConfigRefresher> refreshers;

	public ConfigApplier(McpConfigClient client, ApplicationEventPublisher publisher,
			ObjectProvider<ConfigRefresher> refreshers) {
		this.client = client;
		this.publisher = publisher;
		this.refreshers = refreshers;
	}

	/**
	 * Makes {@code next} the held configuration and tells the application. A listener or
	 * refresher that throws is logged: the configuration stays applied, since it is
	 * already visible to every reader of the {@code Environment}.
	 * @param next the configuration to hold
	 * @return the published event
	 */
	public ConfigChangeEvent apply(HeldConfig next) {
		HeldConfig previous = this.client.swap(next);
		ConfigChangeEvent event = ConfigChangeEvent.between(this.client, previous, next);
		logger.info("Applied " + next + ", changed " + event.changedKeys());
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.error("A listener of " + event + " failed", ex);
		}
		if (!event.getChanges().isEmpty()) {
			this.refreshers.orderedStream().forEach((refresher) -> refresh(refresher, event));
		}
		return event;
	}

	private static void refresh(ConfigRefresher refresher, ConfigChangeEvent event) {
		try {
			refresher.refresh(event);
		}
		catch (RuntimeException ex) {
			logger.error("Refreshing beans after " + event + " failed", ex);
		}
	}

}
