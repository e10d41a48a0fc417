package io.mcpconfig.server.release;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PropertyCoverTests {

	@Test
	void aListSetOverALongerOneReplacesItWholeWhateverItsItemsHold() {
		Map<String, String> lower = Map.of("servers[0]", "a", "servers[1]", "b", "servers[2].host", "c", "servers", "x,y",
				"serversx", "kept", "other[0]", "kept");

		assertThat(over(lower, Map.of("servers[0]", "only")))
			.isEqualTo(Map.of("servers[0]", "only", "serversx", "kept", "other[0]", "kept"));
		assertThat(over(lower, Map.of("servers", "p,q")))
			.isEqualTo(Map.of("servers", "p,q", "serversx", "kept", "other[0]", "kept"));
	}

	@Test
	void aListInsideAMapOrAnObjectIsReplacedAndTheRestOfItMerges() {
		Map<String, String> lower = Map.of("a.hosts[0]", "1", "a.hosts[1]", "2", "a.port", "80", "m[x]", "1");

		assertThat(over(lower, Map.of("a.hosts[0]", "9", "m[y]", "2")))
			.isEqualTo(Map.of("a.hosts[0]", "9", "a.port", "80", "m[x]", "1", "m[y]", "2"));
	}

	@Test
	void aKeyInAnotherRelaxedFormOverridesTheOneBelow() {
		Map<String, String> lower = Map.of("sample.max-connections", "42", "sample.greeting", "hi");

		assertThat(over(lower, Map.of("sample.maxConnections", "7", "SAMPLE.GREETING", "upper")))
			.isEqualTo(Map.of("sample.maxConnections", "7", "SAMPLE.GREETING", "upper"));
		assertThat(PropertyCover.uniform("Sample.Max-Connections[Key-1].x_y")).isEqualTo("sample.maxconnections[Key-1].xy");
	}

	@Test
	void aRemovalTakesThePropertyInAnyFormAndWhatIsInsideIt() {
		Set<String> keys = new HashSet<>(List.of("servers[0]", "servers[1]", "extra.a", "extra.b", "extraneous",
				"sample.max-connections", "pool[password]", "kept"));

		PropertyCover.removeWithin(keys, List.of("servers", "extra", "sample.maxConnections", "pool"));

		assertThat(keys).containsExactlyInAnyOrder("extraneous", "kept");
	}

	private static Map<String, String> over(Map<String, String> base, Map<String, String> layer) {
		Map<String, String> merged = new HashMap<>(base);
		PropertyCover.putOver(merged, layer);
		return merged;
	}

	@Test
	void aLaterPlainDocumentHidesTheListsOfEarlierDocuments() {
		ConfigDocuments documents = ConfigDocuments.of(List.of(
				new ConfigDocuments.Document(null, Map.of("servers[0]", "a", "servers[1]", "b")),
				new ConfigDocuments.Document("eu", Map.of("servers[0]", "eu", "servers[1]", "eu2", "pool", "5")),
				new ConfigDocuments.Document(null, Map.of("servers[0]", "late", "Pool", "6"))));

		assertThat(documents.properties()).isEqualTo(Map.of("servers[0]", "late", "Pool", "6"));
		assertThat(documents.profiles().get(0).properties()).isEmpty();
	}

}
