package io.mcpconfig.client.snapshot;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;

import io.mcpconfig.client.config.McpConfigClient;

/**
 * Keeps the configuration fetched at start-up as the local snapshot once the context that
 * uses it has refreshed: its beans were bound with it, so the application took it. A start
 * that fails on a release (a value no bean can bind) leaves the snapshot as it was, and a
 * later start without the center does not fail on that release again.
 */
public class StartupSnapshot implements ApplicationListener<ContextRefreshedEvent> {

	private static final Log logger = LogFactory.getLog(StartupSnapshot.class);

	private final McpConfigClient client;

	private final ApplicationContext context;

	public StartupSnapshot(McpConfigClient client, ApplicationContext context) {
		this.client = client;
		this.context = context;
	}

	@Override
	public void onApplicationEvent(ContextRefreshedEvent event) {
		// a child context's refresh reaches its parent too
		if (event.getApplicationContext() == this.context) {
			this.client.saveStartupSnapshot(logger);
		}
	}

}
