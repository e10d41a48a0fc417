package io.mcpconfig.cli.instance;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.cli.TargetRead;
import io.mcpconfig.cli.connection.ApiPath;
import io.mcpconfig.cli.output.Cells;
import io.mcpconfig.cli.output.Table;
import picocli.CommandLine.Command;

/** {@code mcpctl instances <app> <env>}: who is connected, what each runs, who refused what. */
@Command(name = "instances", mixinStandardHelpOptions = true,
		description = "Lists the connected instances of a target: version acknowledged, status, labels, NACK reason.")
public final class InstancesCommand extends TargetRead {

	@Override
	protected ApiPath path() {
		return this.target.path("instances");
	}

	@Override
	protected String render(JsonNode instances) {
		Table table = Table.of("INSTANCE", "HOST", "STATUS", "VERSION", "LABELS", "GRAY", "OVERLAYS", "SERVER",
				"LAST-HEARTBEAT", "REFUSED");
		for (JsonNode instance : instances) {
			JsonNode running = instance.path("running");
			table.row(instance.path("instanceId").asText(), instance.path("host").asText(),
					instance.path("status").asText(), instance.path("ackedVersion").asLong(),
					Cells.labels(instance.path("labels")), running.path("gray").asBoolean() ? "yes" : "",
					Cells.joined(running.path("overlays")), instance.path("serverId").asText(),
					instance.path("lastHeartbeat").asText(), refused(instance));
		}
		return table.isEmpty() ? "no instances connected\n" : table.toString();
	}

	/** The last refusal, with the version refused: without it, one that predates the version acknowledged since reads as that version's. */
	private static String refused(JsonNode instance) {
		long version = instance.path("nackedVersion").asLong();
		return (version == 0) ? "" : "version " + version + ": " + instance.path("nackReason").asText("");
	}

}
