package io.mcpconfig.client.refresh;


import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.NestedExceptionUtils;

import io.mcpconfig.client.config.ConfigSource;
import io.mcpconfig.client.config.HeldConfig;
import io.mcpconfig.client.config.McpConfigClient;
import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.snapshot.SnapshotFile;
import io.mcpconfig.client.validation.ChangeValidation;
import io.mcpconfig.client.validation.ConfigRejectedException;

/**
 * Applies a new configuration to the running application: checks that the application
 * accepts it ({@link ChangeValidation}), swaps what the client holds, publishes the
 * {@link ConfigChangeEvent}, then refreshes beans through the {@link ConfigRefresher}s,
 * in that order, and keeps a configuration from the config center in the local
 * {@link SnapshotFile} once the beans are refreshed, before {@link #apply} returns and so
 * before the release is acknowledged. A configuration that is refused, or whose refresh
 * fails, leaves the previous one in place, and in the snapshot.
 */
public class ConfigApplier {

	private static final Log logger = LogFactory.getLog(ConfigApplier.class);

	private final McpConfigClient client;

	private final ApplicationEventPublisher publisher;

	private final ChangeValidation validation;

	private final ObjectProvider<ConfigRefresher> refreshers;

	public ConfigApplier(McpConfigClient client, ApplicationEventPublisher publisher, ChangeValidation validation,
			ObjectProvider<ConfigRefresher> refreshers) {
		this.client = client;
		this.publisher = publisher;
		this.validation = validation;
		this.refreshers = refreshers;
	}

	/**
	 * Makes {@code next} the held configuration and tells the application, unless the
	 * application refuses it. A listener of the event that throws is logged: the
	 * configuration stays applied. A refresher that throws undoes the change: the previous
	 * configuration is held again, announced by a {@link ConfigChangeEvent} back to it,
	 * and beans are refreshed with it.
	 * @param next the configuration to hold
	 * @return the published event
	 * @throws ConfigRejectedException if a bean cannot bind {@code next}, a validator
	 * vetoed it or refreshing the beans failed; the previous configuration is held
	 */
	public ConfigChangeEvent apply(HeldConfig next) {
		return apply(next, new ApplyTimings.Recorder());
	}

	/**
	 * Applies {@code next} as {@link #apply(HeldConfig)} does, marking each stage it
	 * completes.
	 * @param next the configuration to hold
	 * @param stages where the stages of this release are recorded
	 * @return the published event
	 * @throws ConfigRejectedException if a bean cannot bind {@code next}, a validator
	 * vetoed it or refreshing the beans failed; the previous configuration is held
	 */
	public ConfigChangeEvent apply(HeldConfig next, ApplyTimings.Recorder stages) {
		HeldConfig previous = this.client.held();
		ConfigChangeEvent change = ConfigChangeEvent.between(this.client, previous, next);
		this.validation.check(change, next);
		stages.mark(ApplyStage.CHECKED);
		this.client.swap(next);
		stages.mark(ApplyStage.SWAPPED);
		logger.info("Applied " + next + ", changed " + change.changedKeys());
		publish(change);
		stages.mark(ApplyStage.EVENT_PUBLISHED);
		try {
			refresh(change, stages);
		}
		catch (RuntimeException | Error ex) {
			throw restore(previous, next, ex);
		}
		if (next.source() == ConfigSource.REMOTE) {
			// Only a configuration the application accepted becomes the one to start from.
			// After the refresh, so off the way to the beans; before returning, so before the
			// ACK: a release the center shows as acknowledged is the one this instance starts
			// from if the center is down then.
			this.client.saveSnapshot(next, logger);
			stages.mark(ApplyStage.SNAPSHOT_WRITTEN);
		}
		return change;
	}

	private ConfigRejectedException restore(HeldConfig previous, HeldConfig refused, Throwable failure) {
		String reason = "refreshing beans failed: " + failure.getMessage();
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		if (cause != failure && cause.getMessage() != null && !reason.contains(cause.getMessage())) {
			reason += " (" + cause + ")";
		}
		logger.warn("Refreshing beans with " + refused + " failed; going back to " + previous, failure);
		this.client.swap(previous);
		ConfigChangeEvent undo = ConfigChangeEvent.between(this.client, refused, previous);
		publish(undo);
		try {
			refresh(undo, new ApplyTimings.Recorder());
		}
		catch (RuntimeException | Error ex) {
			logger.error("Refreshing beans with the restored " + previous + " failed too", ex);
		}
		return new ConfigRejectedException(reason, failure);
	}

	private void publish(ConfigChangeEvent event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException | Error ex) {
			logger.error("A listener of " + event + " failed", ex);
		}
	}

	private void refresh(ConfigChangeEvent event, ApplyTimings.Recorder stages) {
		if (!event.getChanges().isEmpty()) {
			this.refreshers.orderedStream().forEach((refresher) -> refresher.refresh(event, stages));
		}
	}

}
