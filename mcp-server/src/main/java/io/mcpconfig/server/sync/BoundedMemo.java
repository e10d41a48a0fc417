package io.mcpconfig.server.sync;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Values computed once per key and shared by every caller, bounded: past
 * {@code maxEntries} everything is forgotten at once. Enough where the working set is
 * small and recent (the newest releases of the targets in use), without the bookkeeping
 * of an LRU on a path every session takes.
 *
 * @param <K> the key
 * @param <V> the value, immutable
 */
final class BoundedMemo<K, V> {

	private final int maxEntries;

	private final ConcurrentHashMap<K, V> values = new ConcurrentHashMap<>();

	BoundedMemo(int maxEntries) {
		this.maxEntries = maxEntries;
	}

	V get(K key, Function<? super K, ? extends V> compute) {
		V value = this.values.get(key);
		if (value == null) {
			if (this.values.size() >= this.maxEntries) {
				this.values.clear();
			}
			value = this.values.computeIfAbsent(key, compute);
		}
		return value;
	}

}
