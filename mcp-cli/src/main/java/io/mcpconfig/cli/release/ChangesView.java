package io.mcpconfig.cli.release;

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
		for (JsonNode change : changes.path("added")) {
			table.row("added", change.path("key").asText(), "", change.path("newValue").asText());
		}
		for (JsonNode change : changes.path("modified")) {
			table.row("modified", change.path("key").asText(), change.path("oldValue").asText(),
					change.path("newValue").asText());
		}
		for (JsonNode change : changes.path("removed")) {
			table.row("removed", change.path("key").asText(), change.path("oldValue").asText(), "");
		}
		int listed = changes.path("added").size() + changes.path("modified").size() + changes.path("removed").size();
		long omitted = changes.path("omitted").asLong();
		StringBuilder text = new StringBuilder(heading).append('\n');
		if (listed == 0 && omitted == 0) {
			return text.append("no changes\n").toString();
		}
		text.append(table);
		text.append(listed).append((listed == 1) ? " change" : " changes");
		if (omitted > 0) {
			text.append(", ").append(omitted).append(" more not listed");
		}
		return text.append('\n').toString();
	}

}
