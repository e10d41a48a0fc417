package io.mcpconfig.cli.release;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PropertyChangesTests {

	@Test
	void listsAddedModifiedAndRemovedKeysSortedAsTheCentersDryRunDoes() {
		JsonNode changes = PropertyChanges.between(Map.of("b", "1", "a", "1", "gone", "x", "same", "s"),
				Map.of("b", "2", "a", "2", "new", "y", "same", "s"));

		assertThat(changes.toString()).isEqualTo("{\"added\":[{\"key\":\"new\",\"newValue\":\"y\"}],"
				+ "\"modified\":[{\"key\":\"a\",\"oldValue\":\"1\",\"newValue\":\"2\"},"
				+ "{\"key\":\"b\",\"oldValue\":\"1\",\"newValue\":\"2\"}],"
				+ "\"removed\":[{\"key\":\"gone\",\"oldValue\":\"x\"}],\"omitted\":0}");
	}

	@Test
	void anEmptyValueIsAValueNotARemoval() {
		JsonNode changes = PropertyChanges.between(Map.of("a", "1"), Map.of("a", ""));

		assertThat(changes.path("modified")).hasSize(1);
		assertThat(changes.path("removed")).isEmpty();
	}

}
