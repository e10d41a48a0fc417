package io.mcpconfig.client;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * A lifecycle that starts when the application is ready, not with the context: Spring
 * Cloud ignores refresh events before {@link ApplicationReadyEvent}, so whatever applies
 * configuration changes (the sync session, the local-file watcher) must not run earlier.
 * Whatever it would have missed meanwhile it catches up on when it starts.
 */
public abstract class StartedWhenReady implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		start();
	}

	@Override
	public boolean isAutoStartup() {
		return false;
	}

}
