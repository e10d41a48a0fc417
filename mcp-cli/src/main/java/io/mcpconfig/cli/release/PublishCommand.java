package io.mcpconfig.cli.release;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.cli.connection.AdminApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mcpctl publish <app> <env> -f FILE}: a new release from a YAML or properties file. */
@Command(name = "publish", mixinStandardHelpOptions = true,
		description = { "Publishes a file as the new release of a target: the whole configuration, not a patch.",
				"A .yml/.yaml file is sent as YAML, a .properties file as properties." })
public final class PublishCommand extends ReleaseChange {

	@Option(names = { "-f", "--file" }, paramLabel = "FILE", required = true,
			description = "the configuration: .yml, .yaml or .properties")
	private Path file;

	@Option(names = "--comment", paramLabel = "TEXT", description = "stored with the release")
	private String comment;

	@Option(names = "--dry-run", description = "print what would change (as diff -f does), store nothing")
	private boolean dryRun;

	@Override
	public void run() {
		if (this.dryRun) {
			DryRun.print(api(), this.target, this.file, this.ifMatch.version(), this.output);
		}
		else {
			super.run();
		}
	}

	@Override
	protected JsonNode change(AdminApi api, Long ifMatch) {
		return ConfigBody.send(this.file,
				(payload) -> api.put(this.target.path().with("comment", this.comment), payload, ifMatch));
	}

}
