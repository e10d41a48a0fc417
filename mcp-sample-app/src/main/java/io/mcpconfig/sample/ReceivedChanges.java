package io.mcpconfig.sample;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.mcpconfig.client.event.ConfigChangeEvent;
import io.mcpconfig.client.listener.McpConfigListener;
import io.mcpconfig.protocol.SecretKeys;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Every {@link ConfigChangeEvent} this app received, oldest first, as {@code GET /events}
 * shows them, and those its {@code @McpConfigListener(prefixes = "sample")} method was
 * called with, as {@code GET /listener-calls} shows them.
 */
@Component
public class ReceivedChanges {

	/** Keeps the endpoints' answers bounded however long the app runs. */
	private static final int MAX_KEPT = 500;

	private final AtomicReference<List<Received>> received = new AtomicReference<>(List.of());

	private final AtomicReference<List<Received>> listenerCalls = new AtomicReference<>(List.of());

	@EventListener
	public void onChange(ConfigChangeEvent event) {
		keep(received, event);
	}

	@McpConfigListener(prefixes = "sample")
	public void onSampleChange(ConfigChangeEvent event) {
		keep(listenerCalls, event);
	}

	private static void keep(AtomicReference<List<Received>> kept, ConfigChangeEvent event) {
		Received entry = Received.of(event);
		kept.updateAndGet((list) -> {
			List<Received> next = new ArrayList<>(list.subList(Math.max(0, list.size() - MAX_KEPT + 1), list.size()));
			next.add(entry);
			return List.copyOf(next);
		});
	}

	public List<Received> all() {
		return received.get();
	}

	public List<Received> listenerCalls() {
		return listenerCalls.get();
	}

	/** One received event. */
	public record Received(long oldVersion, long newVersion, String source, List<Change> changes) {

		static Received of(ConfigChangeEvent event) {
			return new Received(event.getOldVersion(), event.getNewVersion(), event.getConfigSource().name(),
					event.getChanges()
						.values()
						.stream()
						.map((change) -> new Change(change.key(), change.type().name(),
								shown(change.key(), change.oldValue()), shown(change.key(), change.newValue())))
						.toList());
		}

	}

	/** Secrets stay out of the answer, as the client's own endpoint keeps them out. */
	private static String shown(String key, String value) {
		return (value != null) ? (String) SecretKeys.shown(key, value) : null;
	}

	/** One changed key; values are null where the kind says there is none, masked where they are secret. */
	public record Change(String key, String kind, String oldValue, String newValue) {
	}

}
