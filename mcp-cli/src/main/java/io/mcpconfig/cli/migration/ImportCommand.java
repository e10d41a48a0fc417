package io.mcpconfig.cli.migration;

import java.nio.file.Path;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.cli.AdminCommand;
import io.mcpconfig.cli.connection.ApiPath;
import io.mcpconfig.cli.output.Output;
import io.mcpconfig.cli.output.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mcpctl import <env> <repository>}: a Spring Cloud Config repository into an env. */
@Command(name = "import", mixinStandardHelpOptions = true,
		description = { "Imports a Spring Cloud Config native repository into an environment: application*.yml"
				+ " becomes the shared layer, {app}*.yml each application's release, {app}-{profile}.yml its"
				+ " profile documents. Unchanged targets are left alone.",
				"REPOSITORY is a folder (its root files are sent), a .zip or a .tar.gz." })
public final class ImportCommand extends AdminCommand {

	@Parameters(index = "0", paramLabel = "ENV", description = "the environment to import into")
	private String env;

	@Parameters(index = "1", paramLabel = "REPOSITORY", description = "a folder, a .zip or a .tar.gz")
	private Path repository;

	@Option(names = "--dry-run", description = "print what would be published, publish nothing")
	private boolean dryRun;

	@Mixin
	private Output output;

	@Override
	public void run() {
		// dryRun named at all is a dry run: the center refuses dryRun=false rather than guess
		JsonNode report = api().post(
				ApiPath.of("import").with("env", this.env).with("dryRun", this.dryRun ? Boolean.TRUE : null),
				RepositoryArchive.read(this.repository, (skipped) -> {
					err().println(skipped);
					err().flush();
				}));
		this.output.print(report, ImportCommand::render);
	}

	private static String files(JsonNode paths) {
		StringJoiner files = new StringJoiner(" ");
		paths.forEach((path) -> files.add(path.asText()));
		return files.toString();
	}

	private static String render(JsonNode report) {
		Table table = Table.of("APP", "OUTCOME", "FROM", "TO", "ADDED", "MODIFIED", "REMOVED", "FILES");
		for (JsonNode target : report.path("targets")) {
			JsonNode changes = target.path("changes");
			table.row(target.path("app").asText(), target.path("outcome").asText(),
					target.path("baseVersion").asText("-"), target.path("version").asText("-"),
					changes.path("added").size(), changes.path("modified").size(), changes.path("removed").size(),
					files(target.path("files")));
		}
		StringBuilder text = new StringBuilder(report.path("dryRun").asBoolean() ? "dry run: nothing published\n" : "");
		text.append(table);
		for (JsonNode target : report.path("targets")) {
			for (JsonNode empty : target.path("emptyFiles")) {
				text.append("empty ").append(empty.asText()).append(": no property, read as an empty configuration"
						+ " as Spring Cloud Config serves it\n");
			}
		}
		for (JsonNode skipped : report.path("skipped")) {
			text.append("skipped ").append(skipped.path("path").asText()).append(": ")
				.append(skipped.path("reason").asText()).append('\n');
		}
		return text.toString();
	}

}
