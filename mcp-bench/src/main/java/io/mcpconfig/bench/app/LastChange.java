package io.mcpconfig.bench.app;

import java.util.concurrent.atomic.AtomicReference;

import io.mcpconfig.client.event.ConfigChangeEvent;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The application's own reaction to a change: it keeps the last event. */
@Component
public class LastChange {

	private final AtomicReference<ConfigChangeEvent> last = new AtomicReference<>();

	@EventListener
	public void onChange(ConfigChangeEvent event) {
		this.last.set(event);
	}

	public ConfigChangeEvent last() {
		return this.last.get();
	}

}
