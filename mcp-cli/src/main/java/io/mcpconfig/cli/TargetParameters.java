package io.mcpconfig.cli;

import io.mcpconfig.cli.connection.ApiPath;
import picocli.CommandLine.Parameters;

/** The {@code <app> <env>} that most commands start with. */
public final class TargetParameters {

	@Parameters(index = "0", paramLabel = "<app>", description = "the application (its spring.application.name)")
	private String app;

	@Parameters(index = "1", paramLabel = "<env>", description = "the environment: dev, prod, ...")
	private String env;

	public String app() {
		return this.app;
	}

	public String env() {
		return this.env;
	}

	/** {@code /api/v1/configs/{app}/{env}} followed by the segments. */
	public ApiPath path(String... segments) {
		return ApiPath.ofTarget(this.app, this.env, segments);
	}

	@Override
	public String toString() {
		return this.app + "/" + this.env;
	}

}
