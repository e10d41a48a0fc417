package io.mcpconfig.cli.release;

import java.nio.file.Path;

import io.mcpconfig.cli.AdminCommand;
import io.mcpconfig.cli.CommandFailure;
import io.mcpconfig.cli.ExitStatus;
import io.mcpconfig.cli.TargetParameters;
import io.mcpconfig.cli.connection.ApiPath;
import io.mcpconfig.cli.output.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mcpctl diff <app> <env> -f FILE | --from N [--to M]}: what a file would change
 * (the center's dry run), or what changed between two retained releases, part by part
 * (base, profile documents, shared layer, overlays, gray), as the center compares them.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
		description = { "Shows the keys that differ: between the current release and a file (-f), as the center "
				+ "would publish it, or between two retained releases (--from N [--to M], M default: current), "
				+ "in each part of them: base, profile documents, shared layer, overlays, gray patch. "
				+ "Secret-looking values are masked." })
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
		ApiPath diff = this.target.path("diff").with("from", this.from).with("to", this.to);
		this.output.print(api().get(diff), (answer) -> ChangesView.renderParts(this.target + " version "
				+ answer.path("fromVersion").asLong() + " -> version " + answer.path("toVersion").asLong(),
				answer.path("parts")));
	}

}
