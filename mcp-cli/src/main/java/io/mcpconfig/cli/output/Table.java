package io.mcpconfig.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Rows under a header, each column as wide as its widest cell (in a terminal's columns), two
 * spaces apart, the last column unpadded: what {@code kubectl get} prints, readable and easy
 * to {@code awk}.
 */
public final class Table {

	private final List<String> header;

	private final List<List<String>> rows = new ArrayList<>();

	private Table(List<String> header) {
		this.header = header;
	}

	public static Table of(String... header) {
		return new Table(List.of(header));
	}

	/** A {@code properties} object of the center's answers as KEY and VALUE rows, in its order (sorted). */
	public static Table ofProperties(JsonNode properties) {
		Table table = of("KEY", "VALUE");
		properties.fields().forEachRemaining((entry) -> table.row(entry.getKey(), entry.getValue().asText()));
		return table;
	}

	/**
	 * Adds a row; {@code null} cells print empty, line breaks as {@code \n} so that one row
	 * stays one line.
	 */
	public Table row(Object... cells) {
		if (cells.length != this.header.size()) {
			throw new IllegalArgumentException(
					"a row of " + cells.length + " cells for " + this.header.size() + " columns " + this.header);
		}
		this.rows.add(Arrays.stream(cells).map(Table::cell).toList());
		return this;
	}

	public boolean isEmpty() {
		return this.rows.isEmpty();
	}

	/** How many rows, the header not counted. */
	public int size() {
		return this.rows.size();
	}

	@Override
	public String toString() {
		int[] widths = new int[this.header.size()];
		for (List<String> line : lines()) {
			for (int column = 0; column < widths.length; column++) {
				widths[column] = Math.max(widths[column], ColumnWidth.of(line.get(column)));
			}
		}
		StringBuilder text = new StringBuilder();
		for (List<String> line : lines()) {
			StringBuilder row = new StringBuilder();
			for (int column = 0; column < widths.length; column++) {
				String cell = line.get(column);
				row.append(cell);
				if (column < widths.length - 1) {
					row.append(" ".repeat(widths[column] - ColumnWidth.of(cell) + 2));
				}
			}
			text.append(row.toString().stripTrailing()).append('\n');
		}
		return text.toString();
	}

	private List<List<String>> lines() {
		List<List<String>> lines = new ArrayList<>(this.rows.size() + 1);
		lines.add(this.header);
		lines.addAll(this.rows);
		return lines;
	}

	private static String cell(Object value) {
		return (value == null) ? "" : Printable.line(value.toString());
	}

}
