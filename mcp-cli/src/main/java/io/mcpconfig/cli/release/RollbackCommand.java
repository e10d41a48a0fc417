package io.mcpconfig.cli.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mcpconfig.cli.connection.AdminApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mcpctl rollback <app> <env> --to N}: a new release with the content of release N. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
		description = "Publishes a new release with the properties of a retained one; overlays and gray stay.")
public final class RollbackCommand extends ReleaseChange {

	@Option(names = "--to", paramLabel = "N", required = true, description = "the release whose content to publish")
	private long toVersion;

	@Option(names = "--comment", paramLabel = "TEXT", description = "stored with the release (default: rollback to N)")
	private String comment;

	@Override
	protected JsonNode change(AdminApi api, Long ifMatch) {
		ObjectNode body = JsonNodeFactory.instance.objectNode().put("toVersion", this.toVersion);
		if (this.comment != null) {
			body.put("comment", this.comment);
		}
		return api.post(this.target.path("rollback"), body, ifMatch);
	}

}
