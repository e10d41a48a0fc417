package io.mcpconfig.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.cli.TargetRead;
import io.mcpconfig.cli.connection.ApiPath;
import io.mcpconfig.cli.output.Cells;
import io.mcpconfig.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mcpctl history <app> <env>}: the retained releases, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
		description = "Lists the retained releases of a target, newest first.")
public final class HistoryCommand extends TargetRead {

	@Option(names = "--limit", paramLabel = "N", description = "at most N releases (the center's default: 20)")
	private Integer limit;

	@Override
	protected ApiPath path() {
		return this.target.path("releases").with("limit", this.limit).with("summary", true);
	}

	@Override
	protected String render(JsonNode releases) {
		Table table = Table.of("VERSION", "PUBLISHED", "AUTHOR", "CHECKSUM", "KEYS", "OVERLAYS", "GRAY", "COMMENT");
		for (JsonNode release : releases) {
			table.row(release.path("version").asLong(), release.path("publishedAt").asText(),
					release.path("author").asText(), ReleaseLine.shortChecksum(release.path("checksum").asText()),
					keys(release), Cells.joined(release.path("overlays")),
					release.path("gray").asBoolean() ? "yes" : "", release.path("comment").asText(""));
		}
		return table.isEmpty() ? "no releases\n" : table.toString();
	}

	/** A center before summaries answers whole releases, without {@code keys}. */
	private static int keys(JsonNode release) {
		return release.has("keys") ? release.path("keys").asInt() : release.path("properties").size();
	}

}
