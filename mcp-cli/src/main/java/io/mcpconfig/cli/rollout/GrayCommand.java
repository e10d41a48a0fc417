package io.mcpconfig.cli.rollout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.mcpconfig.cli.CommandGroup;
import io.mcpconfig.cli.TargetRead;
import io.mcpconfig.cli.connection.AdminApi;
import io.mcpconfig.cli.connection.ApiPath;
import io.mcpconfig.cli.output.Cells;
import io.mcpconfig.cli.output.Table;
import io.mcpconfig.cli.release.ConfigBody;
import io.mcpconfig.cli.release.ReleaseChange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mcpctl gray start|status|promote|abort <app> <env>}: a patch over the base for
 * some instances, by percentage, label and instance id, then promoted or aborted.
 */
@Command(name = "gray", mixinStandardHelpOptions = true,
		description = "Starts, shows, promotes and aborts the gray release of a target (docs/gray-release.md).",
		subcommands = { GrayCommand.StartGray.class, GrayCommand.SetGray.class, GrayCommand.GrayStatus.class,
				GrayCommand.PromoteGray.class, GrayCommand.AbortGray.class })
public final class GrayCommand extends CommandGroup {

	/** The rule and patch of a gray release, as {@code start} and {@code set} send them. */
	abstract static class GrayChange extends ReleaseChange {

		@Option(names = "--percentage", paramLabel = "P",
				description = "0-100 of the instances the selector matches (default: all of them with a selector)")
		private Integer percentage;

		@Mixin
		private SelectorOption selector;

		@Option(names = "--instances", paramLabel = "ID", split = ",", description = "instance ids always in")
		private List<String> instances;

		@Option(names = "--abort-on-nack", description = "abort by itself when an instance refuses the patch")
		private boolean abortOnNack;

		@Option(names = { "-f", "--file" }, paramLabel = "PATCHFILE", required = true,
				description = "the patch: .yml, .yaml or .properties")
		private Path file;

		@Override
		protected JsonNode change(AdminApi api, Long ifMatch) {
			ApiPath path = this.target.path("gray")
				.with("percentage", this.percentage)
				.with("selector", this.selector.query())
				.with("instances", (this.instances != null) ? String.join(",", this.instances) : null)
				.with("abortOnNack", this.abortOnNack ? Boolean.TRUE : null);
			return ConfigBody.send(this.file, (payload) -> replaces() ? api.put(path, payload, ifMatch)
					: api.putNew(path, payload, ifMatch));
		}

		/** Whether a running gray release is changed rather than the call refused. */
		abstract boolean replaces();

	}

	@Command(name = "start", mixinStandardHelpOptions = true,
			description = { "Starts a gray release; refused (exit 4) while one runs, unless --replace.",
					"The patch file sets keys; in YAML a key whose value is ~ removes it." })
	static final class StartGray extends GrayChange {

		@Option(names = "--replace", description = "change the rule and patch of the running gray release, if one runs")
		private boolean replace;

		@Override
		boolean replaces() {
			return this.replace;
		}

	}

	@Command(name = "set", mixinStandardHelpOptions = true,
			description = { "Changes the rule and patch of the running gray release, or starts one.",
					"The patch file sets keys; in YAML a key whose value is ~ removes it." })
	static final class SetGray extends GrayChange {

		@Override
		boolean replaces() {
			return true;
		}

	}

	@Command(name = "status", mixinStandardHelpOptions = true,
			description = "Shows the running gray release: rule, patch, and each instance in it with APPLIED, "
					+ "PENDING or NACKED.")
	static final class GrayStatus extends TargetRead {

		@Override
		protected ApiPath path() {
			return this.target.path("gray");
		}

		@Override
		protected String render(JsonNode gray) {
			StringBuilder text = new StringBuilder();
			text.append("gray:       ").append(gray.path("id").asText()).append(", set at version ")
				.append(gray.path("version").asLong()).append(" by ").append(gray.path("author").asText())
				.append(" (current version ").append(gray.path("currentVersion").asLong()).append(")\n");
			text.append("started:    ").append(gray.path("startedAt").asText()).append('\n');
			text.append("rule:       ").append(rule(gray)).append('\n');
			text.append("patch:      ").append(patch(gray.path("patch"))).append('\n');
			JsonNode counts = gray.path("counts");
			text.append("instances:  ").append(counts.path("matched").asInt()).append(" matched, ")
				.append(counts.path("applied").asInt()).append(" applied, ").append(counts.path("pending").asInt())
				.append(" pending, ").append(counts.path("nacked").asInt()).append(" nacked\n");
			Table matched = Table.of("INSTANCE", "HOST", "LABELS", "STATE", "VERSION", "SERVER", "NACK-REASON");
			for (JsonNode instance : gray.path("matched")) {
				matched.row(instance.path("instanceId").asText(), instance.path("host").asText(),
						Cells.labels(instance.path("labels")), instance.path("state").asText(),
						instance.path("version").asLong(), instance.path("serverId").asText(),
						instance.path("nackReason").asText(""));
			}
			if (!matched.isEmpty()) {
				text.append('\n').append(matched);
			}
			return text.toString();
		}

		private static String rule(JsonNode gray) {
			List<String> parts = new ArrayList<>();
			if (gray.path("percentage").asInt() > 0) {
				parts.add(gray.path("percentage").asInt() + "% of "
						+ OverlaysCommand.selectorText(gray.path("selector").asText("")));
			}
			if (!gray.path("instances").isEmpty()) {
				parts.add("instances " + Cells.joined(gray.path("instances")));
			}
			if (gray.path("abortOnNack").asBoolean()) {
				parts.add("abort on NACK");
			}
			return String.join("; ", parts);
		}

		private static String patch(JsonNode patch) {
			List<String> parts = new ArrayList<>();
			patch.path("set").fields()
				.forEachRemaining((entry) -> parts.add(entry.getKey() + "=" + entry.getValue().asText()));
			if (!patch.path("remove").isEmpty()) {
				parts.add("remove " + Cells.joined(patch.path("remove")));
			}
			return String.join("; ", parts);
		}

	}

	@Command(name = "promote", mixinStandardHelpOptions = true,
			description = "Makes base + patch the new base release and ends the gray.")
	static final class PromoteGray extends ReleaseChange {

		@Option(names = "--force", description = "promote even though instances in the gray refused the patch")
		private boolean force;

		@Override
		protected JsonNode change(AdminApi api, Long ifMatch) {
			return api.post(this.target.path("gray", "promote").with("force", this.force ? true : null), null, ifMatch);
		}

	}

	@Command(name = "abort", mixinStandardHelpOptions = true,
			description = "Ends the gray: its instances go back to the base.")
	static final class AbortGray extends ReleaseChange {

		@Override
		protected JsonNode change(AdminApi api, Long ifMatch) {
			return api.delete(this.target.path("gray"), ifMatch);
		}

	}

}
