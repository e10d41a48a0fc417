package io.mcpconfig.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only holds subcommands ({@code overlays}, {@code gray}, {@code tokens}): alone it is a usage error. */
public abstract class CommandGroup implements Runnable {

	@Spec
	private CommandSpec spec;

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(),
				"name a subcommand: " + String.join(", ", this.spec.subcommands().keySet()));
	}

}
