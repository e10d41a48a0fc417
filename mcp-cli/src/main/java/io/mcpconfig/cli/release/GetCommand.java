package io.mcpconfig.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.cli.TargetRead;
import io.mcpconfig.cli.connection.ApiPath;
import io.mcpconfig.cli.output.Cells;
import io.mcpconfig.cli.output.Table;
import picocli.CommandLine.Command;

/**
 * {@code mcpctl get <app> <env>}: the current release with its properties, then each of its
 * profile documents.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
		description = "Prints the current release of a target: version, checksum, the shared layer it holds, its "
				+ "properties, and each profile document with the profiles it applies to.")
public final class GetCommand extends TargetRead {

	@Override
	protected ApiPath path() {
		return this.target.path();
	}

	@Override
	protected String render(JsonNode release) {
		StringBuilder text = new StringBuilder();
		text.append("target:     ").append(release.path("app").asText()).append('/')
			.append(release.path("env").asText()).append('\n');
		text.append("version:    ").append(release.path("version").asLong()).append('\n');
		text.append("checksum:   ").append(release.path("checksum").asText()).append('\n');
		text.append("author:     ").append(release.path("author").asText()).append('\n');
		text.append("published:  ").append(release.path("publishedAt").asText()).append('\n');
		text.append("comment:    ").append(release.path("comment").asText("")).append('\n');
		if (release.has("size")) { // an older center does not say
			text.append("size:       ").append(release.path("size").asLong()).append(" bytes\n");
		}
		if (release.has("sharedVersion")) {
			text.append("shared:     application/").append(release.path("env").asText()).append(" version ")
				.append(release.path("sharedVersion").asLong()).append(" below it\n");
		}
		if (!release.path("overlays").isEmpty()) {
			text.append("overlays:   ").append(Cells.joined(release.path("overlays"))).append('\n');
		}
		if (release.path("gray").asBoolean()) {
			text.append("gray:       running (mcpctl gray status)\n");
		}
		text.append('\n').append(Table.ofProperties(release.path("properties")));
		for (JsonNode document : release.path("profiles")) {
			text.append("\non-profile: ").append(document.path("onProfile").asText()).append('\n')
				.append(Table.ofProperties(document.path("properties")));
		}
		return text.toString();
	}

}
