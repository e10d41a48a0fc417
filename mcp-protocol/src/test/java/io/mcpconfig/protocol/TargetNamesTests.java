package io.mcpconfig.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TargetNamesTests {

	@ParameterizedTest
	@ValueSource(strings = { "orders", "mcp-sample-app", "Orders_v2.1", "a", "...", ".hidden", "-" })
	void lettersDigitsDotsUnderscoresAndHyphensAreAName(String name) {
		assertThat(TargetNames.validate("app", name)).isEmpty();
	}

	@Test
	void aNameIsAtMost128CharactersLong() {
		assertThat(TargetNames.validate("env", "e".repeat(128))).isEmpty();
		assertThat(TargetNames.validate("env", "e".repeat(129)))
			.hasValue("env '" + "e".repeat(129) + "' is not allowed: use 1 to 128 of the characters A-Z a-z 0-9 . _ -");
	}

	@ParameterizedTest
	@ValueSource(strings = { "orders$", "my app", "a/b", "a\\b", "dev ", "ordérs", "a:b", "a\nb" })
	void anyOtherCharacterIsNotAllowedAndTheMessageSaysWhichNameAndTheRule(String name) {
		assertThat(TargetNames.validate("app", name))
			.hasValue("app '" + name + "' is not allowed: use 1 to 128 of the characters A-Z a-z 0-9 . _ -");
	}

	@Test
	void nullAndEmptyAreEmpty() {
		assertThat(TargetNames.validate("env", null)).hasValue("env must not be empty");
		assertThat(TargetNames.validate("env", "")).hasValue("env must not be empty");
	}

	@ParameterizedTest
	@ValueSource(strings = { ".", ".." })
	void theDirectoryNamesDotAndDotDotAreNotAllowed(String name) {
		assertThat(TargetNames.validate("env", name))
			.hasValue("env '" + name + "' is not allowed: . and .. name directories");
	}

	@Test
	void theMessageNamesWhereTheNameComesFrom() {
		assertThat(TargetNames.validate("mcp.client.env", "")).hasValue("mcp.client.env must not be empty");
	}

}
