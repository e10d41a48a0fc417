package io.mcpconfig.cli.output;

/** How a command prints what the center answered. */
public enum OutputFormat {

	/** For people: tables and one-line summaries. */
	table,

	/** The center's JSON, indented. */
	json,

	/** The same tree as YAML. */
	yaml

}
