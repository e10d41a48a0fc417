package io.mcpconfig.compat.orders.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.mcpconfig.client.event.ConfigChangeEvent;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** The configuration changes this instance received, oldest first. */
@Component
public class ReceivedChanges {

	/** Keeps memory bounded however long the service runs. */
	private static final int MAX_KEPT = 100;

	private final AtomicReference<List<Received>> received = new AtomicReference<>(List.of());

	@EventListener
	public void onChange(ConfigChangeEvent event) {
		Received entry = new Received(event.getOldVersion(), event.getNewVersion(),
				List.copyOf(event.changedKeys()));
		received.updateAndGet((list) -> {
			List<Received> next = new ArrayList<>(list.subList(Math.max(0, list.size() - MAX_KEPT + 1), list.size()));
			next.add(entry);
			return List.copyOf(next);
		});
	}

	public List<Received> all() {
		return received.get();
	}

	/**
	 * One change.
	 *
	 * @param oldVersion the release held before, 0 for none
	 * @param newVersion the release held since
	 * @param changedKeys the keys added, modified or deleted
	 */
	public record Received(long oldVersion, long newVersion, List<String> changedKeys) {
	}

}
