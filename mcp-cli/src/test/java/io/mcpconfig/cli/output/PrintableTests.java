package io.mcpconfig.cli.output;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PrintableTests {

	@Test
	void controlCharactersAreEscapedSoStoredTextCannotDriveTheTerminal() {
		assertThat(Printable.line("evil \u001b]0;pwned\u0007 \u001b[31mRED\u001b[0m"))
			.isEqualTo("evil \\u001b]0;pwned\\u0007 \\u001b[31mRED\\u001b[0m");
		assertThat(Printable.line("a\tb\r\nc\u007f\u009b")).isEqualTo("a\\tb\\r\\nc\\u007f\\u009b");
	}

	@Test
	void bidirectionalOverridesAreEscapedSoAValueShowsInTheOrderItIsStored() {
		assertThat(Printable.line("admin\u202egnp.exe")).isEqualTo("admin\\u202egnp.exe");
		assertThat(Printable.line("\u2066a\u2069")).isEqualTo("\\u2066a\\u2069");
	}

	@Test
	void linesOfOutputKeepTheirLineBreaksAndPlainTextIsUnchanged() {
		assertThat(Printable.lines("KEY  VALUE\na    \u001b[2J\n")).isEqualTo("KEY  VALUE\na    \\u001b[2J\n");
		String plain = "orders/dev version 3: ünïcödé 日本語";
		assertThat(Printable.line(plain)).isSameAs(plain);
	}

}
