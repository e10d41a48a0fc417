package io.mcpconfig.testsupport.protocol;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.mcpconfig.protocol.ConfigChecksum;

/**
 * The configurations the clients of one process built and verified, by what they were
 * built from. Thousands of simulated instances share two cores: if each hashed its own
 * copy of a 10 000-key configuration the harness would measure its own SHA-256, not the
 * center, and hold gigabytes of identical maps. So the first client that receives an
 * update builds the result and checks it with {@link ConfigChecksum}; every other client
 * that receives the same update for the same base gets that result (the lookup compares
 * the whole received delta, so nothing unverified is ever accepted).
 */
public final class VerifiedConfigs {

	/** Enough for the few versions in flight; past it everything is forgotten at once. */
	private static final int MAX_ENTRIES = 64;

	private final ConcurrentHashMap<Key, Optional<Map<String, String>>> results = new ConcurrentHashMap<>();

	/**
	 * The configuration after applying an update, or empty when its checksum is not
	 * {@code expectedChecksum}.
	 * @param base what the client holds; ignored for a full update
	 * @param full whether {@code upserts} is the whole configuration
	 */
	Optional<Map<String, String>> apply(Held base, boolean full, Map<String, String> upserts, List<String> removals,
			String expectedChecksum) {
		if (this.results.size() > MAX_ENTRIES) {
			this.results.clear();
		}
		Key key = new Key(full ? "" : base.checksum(), full, upserts, removals, expectedChecksum);
		return this.results.computeIfAbsent(key, (k) -> build(base, full, upserts, removals, expectedChecksum));
	}

	private static Optional<Map<String, String>> build(Held base, boolean full, Map<String, String> upserts,
			List<String> removals, String expectedChecksum) {
		Map<String, String> result = new HashMap<>(full ? Map.of() : base.properties());
		removals.forEach(result::remove);
		result.putAll(upserts);
		if (!ConfigChecksum.of(result).equals(expectedChecksum)) {
			return Optional.empty();
		}
		return Optional.of(Map.copyOf(result));
	}

	/** An update as received, with the checksum of the base it applies to. */
	private record Key(String baseChecksum, boolean full, Map<String, String> upserts, List<String> removals,
			String expectedChecksum) {
	}

}
