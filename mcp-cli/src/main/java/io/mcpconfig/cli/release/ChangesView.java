package io.mcpconfig.cli.release;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.cli.output.Table;

/** A diff for people: a heading, then one row per changed key, then how many. */
final class ChangesView {

	private ChangesView() {
	}

	/**
	 * @param heading what is compared with what
	 * @param changes {@code added}, {@code modified}, {@code removed} and {@code omitted}
	 */
	static String render(String heading, JsonNode changes) {
		Table table = Table.of("CHANGE", "KEY", "OLD", "NEW");
		addRows(table, List.of(), changes);
		return text(heading, List.of(), table, changes.path("omitted").asLong());
	}

	/**
	 * A diff of two releases: a line for each part that applies otherwise (the shared
	 * layer's version, an overlay's selector, the gray's rule), then one row per changed key
	 * with the part it is in.
	 * @param heading what is compared with what
	 * @param parts as the center answers them: {@code part}, {@code name}, {@code before},
	 * {@code after} and {@code changes}
	 */
	static String renderParts(String heading, JsonNode parts) {
		Table table = Table.of("PART", "CHANGE", "KEY", "OLD", "NEW");
		List<String> applied = new ArrayList<>();
		long omitted = 0;
		for (JsonNode part : parts) {
			String label = label(part);
			if (!part.path("before").asText("").equals(part.path("after").asText(""))) {
				applied.add(label + ": " + part.path("before").asText("none") + " -> "
						+ part.path("after").asText("none"));
			}
			addRows(table, List.of(label), part.path("changes"));
			omitted += part.path("changes").path("omitted").asLong();
		}
		return text(heading, applied, table, omitted);
	}

	/** Which part of a release: {@code base}, {@code on-profile: eu}, {@code overlay eu}, ... */
	private static String label(JsonNode part) {
		String name = part.path("name").asText();
		return switch (part.path("part").asText()) {
			case "profile" -> "on-profile: " + name;
			case "shared" -> "shared layer";
			case "shared-profile" -> "shared layer, on-profile: " + name;
			case "overlay" -> "overlay " + name;
			case "gray" -> "gray patch";
			default -> part.path("part").asText();
		};
	}

	private static void addRows(Table table, List<String> leading, JsonNode changes) {
		for (JsonNode change : changes.path("added")) {
			row(table, leading, "added", change.path("key").asText(), "", change.path("newValue").asText());
		}
		for (JsonNode change : changes.path("modified")) {
			row(table, leading, "modified", change.path("key").asText(), change.path("oldValue").asText(),
					change.path("newValue").asText());
		}
		for (JsonNode change : changes.path("removed")) {
			row(table, leading, "removed", change.path("key").asText(), change.path("oldValue").asText(), "");
		}
	}

	/** A row of the leading cells (the part, in a diff of releases), then the change's. */
	private static void row(Table table, List<String> leading, String... cells) {
		List<Object> row = new ArrayList<>(leading);
		row.addAll(List.of(cells));
		table.row(row.toArray());
	}

	private static String text(String heading, List<String> lines, Table table, long omitted) {
		StringBuilder text = new StringBuilder(heading).append('\n');
		lines.forEach((line) -> text.append(line).append('\n'));
		int listed = table.size();
		if (listed == 0 && omitted == 0 && lines.isEmpty()) {
			return text.append("no changes\n").toString();
		}
		if (listed > 0) {
			text.append(table);
		}
		text.append(listed).append((listed == 1) ? " change" : " changes");
		if (omitted > 0) {
			text.append(", ").append(omitted).append(" more not listed");
		}
		return text.append('\n').toString();
	}

}
