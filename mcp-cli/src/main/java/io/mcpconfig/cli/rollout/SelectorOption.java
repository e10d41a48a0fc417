package io.mcpconfig.cli.rollout;

import java.util.List;

import picocli.CommandLine.Option;

/** {@code --selector}: the labels an instance must all have, given at once or one by one. */
public final class SelectorOption {

	@Option(names = "--selector", paramLabel = "LABEL=VALUE", split = ",",
			description = "labels an instance must all have, e.g. region=eu,tier=web; repeatable")
	private List<String> terms;

	/** As the center reads it, {@code a=b,c=d}; {@code null} when none was given. */
	String query() {
		return (this.terms == null) ? null : String.join(",", this.terms);
	}

}
