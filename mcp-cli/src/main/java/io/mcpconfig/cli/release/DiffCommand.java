package io.mcpconfig.cli.release;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpconfig.cli.AdminCommand;
import io.mcpconfig.cli.CommandFailure;
import io.mcpconfig.cli.ExitStatus;
import io.mcpconfig.cli.TargetParameters;
import io.mcpconfig.cli.output.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mcpctl diff <app> <env> -f FILE | --from N [--to M]}: what a file would change
 * (the center's dry run), or what changed between two retained releases.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
		description = { "Shows the keys that differ: between the current release and a file (-f), as the center "
				+ "would publish it, or between two retained releases (--from N [--to M], M default: current)." })
public final class DiffCommand extends AdminCommand {

	@Mixin
	private TargetParameters target;

	@Option(names = { "-f", "--file" }, paramLabel = "FILE", description = "a .yml, .yaml or .properties file")
	private Path file;

	@Option(names = "--from", paramLabel = "N", description = "the older release")
	private Long from;

	@Option(names = "--to", paramLabel = "M", description = "the newer release (default: the current one)")
	private Long to;

	@Mixin
	private Output output;

	@Override
	public void run() {
		if ((this.file != null) == (this.from != null)) {
			throw new CommandFailure(ExitStatus.USAGE, "give either -f FILE or --from N [--to M]");
		}
		if (this.file != null) {
			if (this.to != null) {
				throw new CommandFailure(ExitStatus.USAGE, "--to compares releases; with -f the file is compared "
						+ "with the current release");
			}
			DryRun.print(api(), this.target, this.file, null, this.output);
			return;
		}
		JsonNode older = api().get(this.target.path("releases", this.from.toString()));
		JsonNode newer = (this.to != null) ? api().get(this.target.path("releases", this.to.toString()))
				: api().get(this.target.path());
		ObjectNode diff = JsonNodeFactory.instance.objectNode()
			.put("app", this.target.app())
			.put("env", this.target.env())
			.put("fromVersion", older.path("version").asLong())
			.put("toVersion", newer.path("version").asLong());
		diff.set("changes", PropertyChanges.between(PropertyChanges.propertiesOf(older),
				PropertyChanges.propertiesOf(newer)));
		this.output.print(diff, (answer) -> ChangesView.render(this.target + " version "
				+ answer.path("fromVersion").asLong() + " -> version " + answer.path("toVersion").asLong(),
				answer.path("changes")));
	}

}
