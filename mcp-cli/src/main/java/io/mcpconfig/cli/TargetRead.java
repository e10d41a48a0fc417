package io.mcpconfig.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.cli.connection.ApiPath;
import io.mcpconfig.cli.output.Output;
import picocli.CommandLine.Mixin;

/** A command that reads one thing of a target and prints it: a table, or the center's JSON/YAML. */
public abstract class TargetRead extends AdminCommand {

	@Mixin
	protected TargetParameters target;

	@Mixin
	private Output output;

	@Override
	public void run() {
		this.output.print(api().get(path()), this::render);
	}

	/** What to read. */
	protected abstract ApiPath path();

	/** The answer for people. */
	protected abstract String render(JsonNode answer);

}
