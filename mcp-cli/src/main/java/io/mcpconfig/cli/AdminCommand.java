package io.mcpconfig.cli;

import java.io.PrintWriter;

import io.mcpconfig.cli.connection.AdminApi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to the center, through the connection the global options describe. */
public abstract class AdminCommand implements Runnable {

	@Spec
	private CommandSpec spec;

	protected AdminApi api() {
		return ((Mcpctl) this.spec.root().userObject()).api();
	}

	protected PrintWriter out() {
		return this.spec.commandLine().getOut();
	}

	/** Where notes for people go, away from what a script reads on stdout. */
	protected PrintWriter err() {
		return this.spec.commandLine().getErr();
	}

}
