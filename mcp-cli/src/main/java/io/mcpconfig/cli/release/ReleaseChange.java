package io.mcpconfig.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.cli.AdminCommand;
import io.mcpconfig.cli.IfMatch;
import io.mcpconfig.cli.TargetParameters;
import io.mcpconfig.cli.connection.AdminApi;
import io.mcpconfig.cli.output.Output;
import picocli.CommandLine.Mixin;

/**
 * A command that makes a release of a target (publish, rollback, an overlay or gray
 * change), optionally only on top of an expected version, and prints the release made.
 */
public abstract class ReleaseChange extends AdminCommand {

	@Mixin
	protected TargetParameters target;

	@Mixin
	protected IfMatch ifMatch;

	@Mixin
	protected Output output;

	@Override
	public void run() {
		this.output.print(change(api(), this.ifMatch.version()), ReleaseLine::published);
	}

	/**
	 * Asks the center for the change.
	 * @param ifMatch the version that must be current, {@code null} for any
	 * @return the release the center made
	 */
	protected abstract JsonNode change(AdminApi api, Long ifMatch);

}
