package io.mcpconfig.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints the bash (and zsh) completion script of every command and option. */
@Command(name = "completion", mixinStandardHelpOptions = true,
		description = { "Prints a bash/zsh completion script for mcpctl.",
				"Load it now with: source <(mcpctl completion)",
				"or for good with: mcpctl completion > /etc/bash_completion.d/mcpctl" })
public final class CompletionCommand implements Runnable {

	@Spec
	private CommandSpec spec;

	@Override
	public void run() {
		this.spec.commandLine().getOut().print(AutoComplete.bash("mcpctl", this.spec.root().commandLine()));
		this.spec.commandLine().getOut().flush();
	}

}
