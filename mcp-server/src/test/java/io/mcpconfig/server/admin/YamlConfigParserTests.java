package io.mcpconfig.server.admin;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class YamlConfigParserTests {

	@Test
	void aPatchKeepsNullValuesAsRemovalsAndEmptyTextAsAValue() {
		Map<String, String> patch = YamlConfigParser.parsePatch("""
				a: ~
				b: null
				c:
				d: ''
				nested:
				  gone: ~
				  kept: 1
				""");
		assertThat(patch).containsEntry("d", "").containsEntry("nested.kept", "1").hasSize(6);
		assertThat(patch).containsKeys("a", "b", "c", "nested.gone");
		assertThat(patch.get("a")).isNull();
		assertThat(patch.get("b")).isNull();
		assertThat(patch.get("c")).isNull();
		assertThat(patch.get("nested.gone")).isNull();
		// a configuration (not a patch) reads them as Boot does: empty text
		assertThat(YamlConfigParser.parse("a: ~\n")).containsEntry("a", "");
	}

	@Test
	void flattensLikeSpringBoot() {
		String yaml = """
				spring:
				  datasource:
				    url: jdbc:h2:mem:x
				sample:
				  greeting: hello
				  max-connections: 10
				  enabled: yes
				  hex: 0x10
				  day: 2024-01-01
				  nothing: ~
				  empty-list: []
				  servers: [a, b]
				  routes:
				    - path: /x
				      weight: 2
				  "[key.with.dots]": v
				""";
		assertThat(YamlConfigParser.parse(yaml)).isEqualTo(Map.ofEntries(
				Map.entry("spring.datasource.url", "jdbc:h2:mem:x"), Map.entry("sample.greeting", "hello"),
				Map.entry("sample.max-connections", "10"), Map.entry("sample.enabled", "true"),
				Map.entry("sample.hex", "16"), Map.entry("sample.day", "2024-01-01"), Map.entry("sample.nothing", ""),
				Map.entry("sample.empty-list", ""), Map.entry("sample.servers[0]", "a"),
				Map.entry("sample.servers[1]", "b"), Map.entry("sample.routes[0].path", "/x"),
				Map.entry("sample.routes[0].weight", "2"), Map.entry("sample[key.with.dots]", "v")));
	}

	@Test
	void emptyMappingIsAnEmptyConfiguration() {
		assertThat(YamlConfigParser.parse("{}")).isEmpty();
	}

	@Test
	void syntaxErrorNamesLineAndColumn() {
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> YamlConfigParser.parse("a: 1\nb:\n  c: [1, 2\n  d: 3\n"))
			.satisfies((ex) -> {
				assertThat(ex.line()).isEqualTo(4);
				assertThat(ex.getMessage()).startsWith("invalid YAML at line 4, column");
			});
	}

	@Test
	void duplicateKeyNamesTheSecondOne() {
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> YamlConfigParser.parse("a: 1\nb: 2\na: 3\n"))
			.withMessage("invalid YAML at line 3, column 1: found duplicate key a");
	}

	@Test
	void rootListIsRefused() {
		assertThatExceptionOfType(ConfigParseException.class).isThrownBy(() -> YamlConfigParser.parse("- a\n- b\n"))
			.withMessage("invalid YAML at line 1, column 1: the root must be a mapping of keys to values, found a sequence");
	}

	@Test
	void rootScalarIsRefused() {
		assertThatExceptionOfType(ConfigParseException.class).isThrownBy(() -> YamlConfigParser.parse("hello\n"))
			.withMessageContaining("found a scalar");
	}

	@Test
	void aSecondDocumentInAnOverlayOrPatchIsRefused() {
		assertThatExceptionOfType(ConfigParseException.class).isThrownBy(() -> YamlConfigParser.parse("a: 1\n---\nb: 2\n"))
			.withMessage("invalid YAML at line 3, column 1: a second document starts here; an overlay or a patch is one document");
	}

	@Test
	void documentWithOnlyCommentsIsRefused() {
		assertThatExceptionOfType(ConfigParseException.class).isThrownBy(() -> YamlConfigParser.parse("# nothing\n"))
			.withMessageContaining("the document is empty");
	}

	@Test
	void aliasBombIsRefused() {
		StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
		for (int i = 1; i < 10; i++) {
			yaml.append("a").append(i).append(": &a").append(i).append(" [");
			yaml.append(("*a" + (i - 1) + ", ").repeat(9)).append("*a").append(i - 1).append("]\n");
		}
		assertThatExceptionOfType(ConfigParseException.class).isThrownBy(() -> YamlConfigParser.parse(yaml.toString()))
			.withMessageContaining("aliases");
	}

	@Test
	void binaryValueIsRefusedNamingTheKeyAndItsType() {
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> YamlConfigParser.parse("ok: 1\nsecret:\n  key: !!binary aGVsbG8=\n"))
			.withMessageContaining("'secret.key'")
			.withMessageContaining("!!binary");
	}

	@Test
	void timestampValueIsRefusedNamingTheKeyAndItsType() {
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> YamlConfigParser.parse("when: !!timestamp 2001-12-14t21:59:43.10-05:00\n"))
			.withMessageContaining("'when'")
			.withMessageContaining("!!timestamp");
	}

	@Test
	void plainDatesStayTextAsSpringBootReadsThem() {
		assertThat(YamlConfigParser.parse("day: 2001-12-14\nn: 1.5\nflag: yes\nnothing:\n"))
			.containsEntry("day", "2001-12-14").containsEntry("n", "1.5").containsEntry("flag", "true")
			.containsEntry("nothing", "");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			~: x                | 1 | 1
			null: x             | 1 | 1
			'?\\n: x'           | 1 | 2
			'a: 1\\nb:\\n  ~: 2' | 3 | 3
			'a: [{~: 1}]'       | 1 | 6
			""")
	void aNullKeyIsRefusedWithItsPlace(String yaml, int line, int column) {
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> YamlConfigParser.parse(yaml.replace("\\n", "\n")))
			.withMessage("invalid YAML at line " + line + ", column " + column
					+ ": this key is null; a key must be text (quote it: \"~\" or \"null\")");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			'"": 1'             | 1 | 1
			'a:\\n  "": 2'     | 2 | 3
			'a: [{"": 1}]'      | 1 | 6
			""")
	void anEmptyKeyIsRefusedWithItsPlace(String yaml, int line, int column) {
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> YamlConfigParser.parse(yaml.replace("\\n", "\n")))
			.withMessage("invalid YAML at line " + line + ", column " + column
					+ ": this key is empty; a key must name something");
	}

	@Test
	void aBinaryKeyIsRefusedWithItsPlace() {
		// Boot would turn it into the array's identity, a different key each time
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> YamlConfigParser.parse("a: 1\n!!binary aGk=: x\n"))
			.withMessage("invalid YAML at line 2, column 1: this key is a !!binary value; a key must be text");
	}

	@Test
	void aCollectionThatContainsItselfIsRefusedWithItsPlace() {
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> YamlConfigParser.parse("ok: 1\na: &x [1, *x]\n"))
			.withMessage("invalid YAML at line 2, column 4: this collection contains itself through the alias *x;"
					+ " a configuration cannot contain itself");
	}

}
