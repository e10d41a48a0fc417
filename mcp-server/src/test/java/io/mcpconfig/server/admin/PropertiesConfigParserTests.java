package io.mcpconfig.server.admin;

import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PropertiesConfigParserTests {

	@ParameterizedTest
	@ValueSource(strings = { "a=1\nb = 2\nc:3\nd 4\n", "  # comment\n! other comment\n\n   a=1\n",
			"key\\ with\\ spaces = v\n", "a=one \\\n    two \\\n    three\n", "a=ends with backslash\\\\\n",
			"a=\\u00e9t\\u00C9\n", "a=tab\\there\\nnewline\n", "\\#notacomment=1\n", "a\n", "a=\n", "a=1\r\nb=2\rc=3",
			"a=1\na=2\n", "a = = b\n", "a=x\\\n# not a comment when continued\n", "url=jdbc:h2:mem:x;MODE=PostgreSQL\n",
			"a=\\\n\nb=2\n", "a=last line continues\\", "a:b=c\n", "x\\:y=z\n", "  \t\fk\t \t v  \n", "grüße=✓\n" })
	void readsLikeJavaUtilProperties(String text) throws Exception {
		Properties expected = new Properties();
		expected.load(new StringReader(text));
		Map<String, String> expectedMap = new HashMap<>();
		expected.forEach((k, v) -> expectedMap.put((String) k, (String) v));
		assertThat(PropertiesConfigParser.parse(text)).isEqualTo(expectedMap);
	}

	@Test
	void malformedUnicodeEscapeIsReportedWithItsLineAndColumn() {
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> PropertiesConfigParser.parse("a=1\n# fine\nname = caf\\u00zz\n"))
			.satisfies((ex) -> {
				assertThat(ex.line()).isEqualTo(3);
				assertThat(ex.column()).isEqualTo(11);
				assertThat(ex).hasMessage("invalid properties at line 3, column 11: malformed \\uXXXX escape: \\u must be"
						+ " followed by four hex digits");
			});
	}

	@Test
	void errorOnAContinuationLineNamesThatLine() {
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> PropertiesConfigParser.parse("a=first \\\n   then \\u12\n"))
			.satisfies((ex) -> {
				assertThat(ex.line()).isEqualTo(2);
				assertThat(ex.column()).isEqualTo(9);
			});
	}

	@Test
	void emptyKeyIsRefusedWithItsLine() {
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> PropertiesConfigParser.parse("a=1\n  = value\n"))
			.satisfies((ex) -> assertThat(ex).hasMessage("invalid properties at line 2, column 3: the key is empty"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "\n\n", "# only a comment\n", "  ! another\n\n   \n" })
	void bodyWithoutAnyPropertyIsRefused(String text) {
		assertThatExceptionOfType(ConfigParseException.class).isThrownBy(() -> PropertiesConfigParser.parse(text))
			.withMessage("the body holds no properties; to publish an empty configuration send YAML {}");
	}

	@Test
	void aLineThatIsOnlyAContinuationIsAnEmptyKeyWithItsPlace() {
		// java.util.Properties reads it as the empty key
		assertThatExceptionOfType(ConfigParseException.class)
			.isThrownBy(() -> PropertiesConfigParser.parse("a=1\n  \\\n"))
			.withMessage("invalid properties at line 2, column 3: the key is empty");
	}

}
