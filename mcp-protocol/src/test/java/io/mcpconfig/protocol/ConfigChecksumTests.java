package io.mcpconfig.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigChecksumTests {

	@Test
	void isSha256OfSortedKeyValueLines() throws Exception {
		String expected = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256")
				.digest("a.b=1\nz=last\n".getBytes(StandardCharsets.UTF_8)));
		assertThat(ConfigChecksum.of(Map.of("z", "last", "a.b", "1"))).isEqualTo(expected);
	}

	@Test
	void emptyConfigurationHashesNothing() {
		assertThat(ConfigChecksum.EMPTY)
			.isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	}

	@Test
	void doesNotDependOnInsertionOrder() {
		Map<String, String> forward = new LinkedHashMap<>();
		forward.put("a", "1");
		forward.put("b", "2");
		Map<String, String> backward = new LinkedHashMap<>();
		backward.put("b", "2");
		backward.put("a", "1");
		assertThat(ConfigChecksum.of(forward)).isEqualTo(ConfigChecksum.of(backward));
	}

	@Test
	void separatorsInsideKeysAndValuesCannotCollide() {
		// Unescaped, both would hash "a=b=c\n".
		assertThat(ConfigChecksum.of(Map.of("a=b", "c"))).isNotEqualTo(ConfigChecksum.of(Map.of("a", "b=c")));
		// Unescaped, both would hash "a=1\nb=2\n".
		assertThat(ConfigChecksum.of(Map.of("a", "1\nb=2"))).isNotEqualTo(ConfigChecksum.of(Map.of("a", "1", "b", "2")));
	}

	@Test
	void sortsByCodePointNotByUtf16Unit() throws Exception {
		// U+FF5E sorts before U+1F600 by code point but after it by UTF-16 unit.
		String expected = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256")
				.digest("\uFF5E=1\n\uD83D\uDE00=2\n".getBytes(StandardCharsets.UTF_8)));
		assertThat(ConfigChecksum.of(Map.of("\uD83D\uDE00", "2", "\uFF5E", "1"))).isEqualTo(expected);
	}

	@Test
	void escapesBackslashNewlinesAndKeySeparator() {
		assertThat(ConfigChecksum.escape("a\\b\nc\rd=e", true)).isEqualTo("a\\\\b\\nc\\rd\\=e");
		assertThat(ConfigChecksum.escape("x=y", false)).isEqualTo("x=y");
	}

}
