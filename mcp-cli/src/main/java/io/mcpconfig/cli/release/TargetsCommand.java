package io.mcpconfig.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.cli.AdminCommand;
import io.mcpconfig.cli.connection.ApiPath;
import io.mcpconfig.cli.output.Output;
import io.mcpconfig.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mcpctl targets}: every target the token may read, with its current release. */
@Command(name = "targets", mixinStandardHelpOptions = true,
		description = "Lists the targets the token may read, each with its current release.")
public final class TargetsCommand extends AdminCommand {

	@Option(names = "--env", paramLabel = "ENV", description = "only the targets of this environment")
	private String env;

	@Mixin
	private Output output;

	@Override
	public void run() {
		this.output.print(api().get(ApiPath.of("configs").with("env", this.env)), TargetsCommand::render);
	}

	private static String render(JsonNode targets) {
		Table table = Table.of("APP", "ENV", "VERSION", "PUBLISHED", "AUTHOR", "CHECKSUM", "COMMENT");
		for (JsonNode target : targets) {
			table.row(target.path("app").asText(), target.path("env").asText(), target.path("version").asLong(),
					target.path("publishedAt").asText(), target.path("author").asText(),
					ReleaseLine.shortChecksum(target.path("checksum").asText()), target.path("comment").asText(""));
		}
		return table.isEmpty() ? "no targets\n" : table.toString();
	}

}
