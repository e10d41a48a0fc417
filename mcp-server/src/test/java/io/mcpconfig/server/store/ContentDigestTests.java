package io.mcpconfig.server.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a store wrote always matches its digest when read back, however it is printed;
 * anything changed in it does not. A false mismatch would make a stored release unreadable.
 */
class ContentDigestTests {

	private static final ObjectMapper MAPPER = StoredJson.mapper().build();

	@Test
	void aDocumentReadBackMatchesPrettyOrCompactWhateverItHolds() throws Exception {
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("version", Long.MAX_VALUE);
		document.put("format", 1);
		document.put("publishedAt", Instant.parse("2026-12-03T20:00:00.123456789Z"));
		document.put("properties", Map.of("z.key", "\u00e9\u2028\ud83d\ude00\u0000", "a.key", "x".repeat(100_000)));
		document.put("profiles", List.of(Map.of("onProfile", "eu & !prod", "properties", Map.of("b", "2"))));
		document.put("shared", null);
		ObjectNode sealed = ContentDigest.seal(MAPPER, document, Set.of("audit"));

		for (byte[] written : List.of(MAPPER.writeValueAsBytes(sealed),
				MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(sealed))) {
			ObjectNode read = (ObjectNode) MAPPER.readTree(written);
			assertThat(ContentDigest.matches(read, Set.of("audit"))).isTrue();
			read.put("audit", "kept beside it");
			assertThat(ContentDigest.matches(read, Set.of("audit"))).isTrue();
			((ObjectNode) read.get("profiles").get(0).get("properties")).put("b", "3");
			assertThat(ContentDigest.matches(read, Set.of("audit"))).isFalse();
		}
	}

	@Test
	void aDocumentWithoutADigestIsLeftToTheOtherChecks() {
		assertThat(ContentDigest.matches(MAPPER.createObjectNode().put("version", 1), Set.of())).isTrue();
	}

}
