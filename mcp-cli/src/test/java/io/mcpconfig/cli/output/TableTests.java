package io.mcpconfig.cli.output;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TableTests {

	@Test
	void columnsAreAsWideAsTheirWidestCellAndTheLastIsNotPadded() {
		Table table = Table.of("KEY", "VALUE").row("pool.size", 20).row("a", "long value");

		assertThat(table.toString()).isEqualTo("""
				KEY        VALUE
				pool.size  20
				a          long value
				""");
	}

	@Test
	void aCellWithALineBreakStaysOnOneLineAndNullPrintsEmpty() {
		assertThat(Table.of("A", "B", "C").row("x\ny", null, "z").toString()).isEqualTo("A     B  C\nx\\ny     z\n");
	}

	@Test
	void chineseAndJapaneseCellsTakeTwoColumnsACharacterAndCombiningMarksNone() {
		Table table = Table.of("VERSION", "COMMENT", "AUTHOR")
			.row(2, "扩大连接池", "ops")
			.row(1, "cafe\u0301 テスト", "dev");

		assertThat(table.toString()).isEqualTo("""
				VERSION  COMMENT      AUTHOR
				2        扩大连接池   ops
				1        café テスト  dev
				""".replace("é", "e\u0301"));
	}

	@Test
	void aRowMustFillEveryColumn() {
		assertThatIllegalArgumentException().isThrownBy(() -> Table.of("A", "B").row("only one"));
	}

}
